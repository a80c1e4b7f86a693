using System.Threading.Channels;
using DuckDB.NET.Data;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discovery;

namespace Hindsight.Stages.Extraction;

/// <summary>
/// One of stage 1's writers: each extraction lane has its own, on its own connection, so the lanes' DuckDB work
/// (appending, writing the log, committing) runs in parallel. A file is read and written by one lane only, in order.
/// Chunks from several files are grouped into transactions of about <c>batchRows</c> rows; each transaction holds the
/// rows and the new read positions of the files they came from, so the warehouse is always consistent with where each
/// file will be resumed. In a dry run (no connection) it only counts.
/// </summary>
public sealed class ExtractionWriter(DuckDBConnection? connection, Guid runId, int batchRows, long batchBytes, ExtractionTotals totals, LaneCheckpoints? checkpoints = null)
{
    private readonly Dictionary<string, ExtractedChunk> _positions = new(StringComparer.Ordinal);
    /// <summary>The chunks of the open transaction, their rows already handed to DuckDB: only positions and fingerprints are kept.</summary>
    private readonly List<ExtractedChunk> _pending = [];
    private int _pendingRows;
    private long _pendingBytes;
    private DuckDBTransaction? _transaction;
    /// <summary>This lane's turn while its transaction is open (no checkpoint can start until it is returned).</summary>
    private IDisposable? _turn;
    private DuckDBAppender? _records, _blocks, _deadLetters, _copiedCalls;

    public async Task ConsumeAsync(ChannelReader<ExtractedChunk> input, Action<long> progressBytes, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in input.ReadAllAsync(cancellationToken))
            {
                Count(chunk);
                progressBytes(chunk.RawBytes);
                if (connection is null) continue;
                // A replaced file's old rows are deleted at the start of a transaction of its own, before any row is appended.
                if (chunk.ReplacesFile && _transaction is not null) await CommitAsync(cancellationToken);
                if (_transaction is null) await BeginAsync(chunk, cancellationToken);
                AppendRows(chunk);
                _pending.Add(chunk);
                _pendingRows += chunk.RowCount;
                _pendingBytes += chunk.RawBytes;
                // The rows now live in DuckDB's buffers; the chunk keeps only what the commit stores beside them.
                chunk.ReleaseRows();
                if (_pendingRows >= batchRows || _pendingBytes >= batchBytes)
                    await CommitAsync(cancellationToken);
            }
            if (_transaction is not null) await CommitAsync(cancellationToken);
        }
        finally
        {
            Abandon();
        }
    }

    private void Count(ExtractedChunk chunk)
    {
        totals.Records += chunk.Records.Count;
        totals.DeadLetters += chunk.DeadLetters.Count;
        totals.BytesRead += chunk.RawBytes;
        totals.SecretsRedacted += chunk.SecretsRedacted;
        foreach (var record in chunk.Records) totals.ContentBlocks += record.Blocks.Count;
        foreach (var dead in chunk.DeadLetters) FileProfile.Count(totals.DeadLetterReasons, dead.Reason);
        if (!chunk.IsLast) return;
        if (chunk.Error is not null)
        {
            totals.FilesFailed++;
            totals.FileErrors.Add($"{chunk.Plan.File.Path}: {chunk.Error}");
            return;
        }
        totals.BlankLines += chunk.BlankLines;
        totals.FileBytesRead += chunk.EndOffset - chunk.Plan.StartOffset + chunk.PartialTailBytes;
        if (chunk.PartialTailBytes > 0) { totals.PartialTails++; totals.PartialTailBytes += chunk.PartialTailBytes; }
        if (chunk.Plan.Mode == IngestMode.Replace) totals.FilesReplaced++; else totals.FilesAppended++;
    }

    private async Task BeginAsync(ExtractedChunk first, CancellationToken cancellationToken)
    {
        if (checkpoints is not null) _turn = await checkpoints.EnterTransactionAsync(cancellationToken);
        _transaction = Connection.BeginTransaction();
        if (first.ReplacesFile)
        {
            foreach (var table in ExtractionUndo.LineKeyedTables.Append("file_blocks"))
                await ExecuteAsync($"DELETE FROM {table} WHERE file_id = $file", cancellationToken, new DuckDBParameter("file", first.Plan.File.FileId));
        }
        _records = Connection.CreateAppender("records");
        _blocks = Connection.CreateAppender("content_blocks");
        _deadLetters = Connection.CreateAppender("dead_letters");
        _copiedCalls = Connection.CreateAppender("progress_copies");
    }

    /// <summary>Hands a chunk's rows to the open appenders, which pass them on to DuckDB every 2,048 rows.</summary>
    private void AppendRows(ExtractedChunk chunk)
    {
        foreach (var record in chunk.Records)
        {
            AppendRecord(_records!, record);
            foreach (var block in record.Blocks) AppendBlock(_blocks!, record, block);
            if (record.CopiedCall is { } copy) AppendCopiedCall(_copiedCalls!, record, copy);
        }
        foreach (var letter in chunk.DeadLetters) AppendDeadLetter(_deadLetters!, letter);
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        CloseAppenders();
        _positions.Clear();
        foreach (var chunk in _pending) _positions[chunk.Plan.File.FileId] = chunk;
        await SavePositionsAsync(_positions.Values, cancellationToken);
        await SaveBlocksAsync(_pending, cancellationToken);
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
        ReturnTurn();
        totals.Transactions++;
        _pending.Clear();
        _pendingRows = 0;
        _pendingBytes = 0;
        if (checkpoints is not null) await checkpoints.AfterCommitAsync(cancellationToken);
    }

    private void ReturnTurn()
    {
        _turn?.Dispose();
        _turn = null;
    }

    /// <summary>Flushes the appenders' last rows into the transaction.</summary>
    private void CloseAppenders()
    {
        _records?.Dispose();
        _blocks?.Dispose();
        _deadLetters?.Dispose();
        _copiedCalls?.Dispose();
        _records = _blocks = _deadLetters = _copiedCalls = null;
    }

    /// <summary>After a failure: the open transaction is rolled back, so nothing of it is committed without its positions.</summary>
    private void Abandon()
    {
        if (_transaction is null)
        {
            ReturnTurn();
            return;
        }
        try
        {
            CloseAppenders();
        }
        catch (DuckDBException)
        {
            // Flushing into a transaction that is rolled back next: whatever failed here is discarded with it.
        }
        _transaction.Dispose();
        _transaction = null;
        ReturnTurn();
    }

    /// <summary>
    /// Records where each file of the transaction now stands, in one statement. Only a file's last chunk
    /// marks it ingested at its discovered size and mtime; a crash between chunks leaves ingested_size
    /// NULL, so the next run resumes from the saved offset.
    /// </summary>
    private async Task SavePositionsAsync(IEnumerable<ExtractedChunk> chunks, CancellationToken cancellationToken)
    {
        await ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS file_positions (
                file_id VARCHAR, ingested_offset BIGINT, ingested_lines BIGINT, head_sha256 VARCHAR, boundary_sha256 VARCHAR,
                ingested_size BIGINT, ingested_mtime TIMESTAMPTZ, partial_tail_bytes BIGINT, generation INTEGER, error VARCHAR)
            """, cancellationToken);
        using (var appender = Connection.CreateAppender("file_positions"))
        {
            foreach (var chunk in chunks)
            {
                var file = chunk.Plan.File;
                appender.CreateRow()
                    .AppendValue(file.FileId).AppendValue(chunk.EndOffset).AppendValue(chunk.LinesThrough)
                    .AppendValue(chunk.HeadSha256).AppendValue(chunk.BoundarySha256)
                    .AppendValue(chunk.IsLast ? file.SizeBytes : (long?)null).AppendValue(chunk.IsLast ? file.ModifiedUtc : (DateTimeOffset?)null)
                    .AppendValue(chunk.PartialTailBytes).AppendValue(chunk.Plan.Generation).AppendValue(chunk.Error)
                    .EndRow();
            }
        }
        await ExecuteAsync("""
            UPDATE files SET last_ingest_error = p.error FROM file_positions p WHERE files.file_id = p.file_id AND p.error IS NOT NULL;
            UPDATE files SET ingested_offset = p.ingested_offset, ingested_lines = p.ingested_lines, head_sha256 = p.head_sha256,
                boundary_sha256 = p.boundary_sha256, ingested_size = p.ingested_size, ingested_mtime = p.ingested_mtime,
                partial_tail_bytes = p.partial_tail_bytes, generation = p.generation, last_ingested_run = $run, last_ingest_error = NULL
            FROM file_positions p WHERE files.file_id = p.file_id AND p.error IS NULL;
            DELETE FROM file_positions;
            """, cancellationToken, new DuckDBParameter("run", runId));
    }

    /// <summary>
    /// Stores the block fingerprints of the transaction's chunks with their positions, so the fingerprints always
    /// describe exactly the committed range. A block extended by several chunks keeps its last hash.
    /// </summary>
    private async Task SaveBlocksAsync(IEnumerable<ExtractedChunk> chunks, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<(string FileId, long Index), BlockFingerprint>();
        foreach (var chunk in chunks.Where(c => c.Error is null))
            foreach (var block in chunk.Blocks) latest[(chunk.Plan.File.FileId, block.Index)] = block;
        if (latest.Count == 0) return;
        await ExecuteAsync("CREATE TEMP TABLE IF NOT EXISTS block_positions (file_id VARCHAR, block_index BIGINT, end_offset BIGINT, hash VARCHAR)", cancellationToken);
        using (var appender = Connection.CreateAppender("block_positions"))
        {
            foreach (var ((fileId, _), block) in latest)
                appender.CreateRow().AppendValue(fileId).AppendValue(block.Index).AppendValue(block.EndOffset).AppendValue(block.Hash).EndRow();
        }
        await ExecuteAsync("""
            INSERT OR REPLACE INTO file_blocks SELECT file_id, block_index, end_offset, hash FROM block_positions;
            DELETE FROM block_positions;
            """, cancellationToken);
    }

    private DuckDBConnection Connection => connection ?? throw new InvalidOperationException("a dry run writes nothing");

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters) =>
        Warehouse.Warehouse.ExecuteAsync(Connection, sql, cancellationToken, parameters);

    private void AppendRecord(DuckDBAppender appender, TranscriptRecord r)
    {
        var u = r.Usage;
        appender.CreateRow()
            .AppendValue(r.FileId).AppendValue(r.LineNumber).AppendValue(r.ByteOffset).AppendValue(r.Type).AppendValue(r.Subtype)
            .AppendValue(r.Uuid).AppendValue(r.ParentUuid).AppendValue(r.LogicalParentUuid).AppendValue(r.SessionId).AppendValue(r.Timestamp)
            .AppendValue(r.Cwd).AppendValue(r.GitBranch).AppendValue(r.Version).AppendValue(r.IsSidechain).AppendValue(r.AgentId)
            .AppendValue(r.UserType).AppendValue(r.RequestId).AppendValue(r.MessageId).AppendValue(r.MessageRole).AppendValue(r.MessageModel)
            .AppendValue(r.IsMeta).AppendValue(r.IsCompactSummary).AppendValue(r.IsApiErrorMessage).AppendValue(r.OriginKind).AppendValue(r.Entrypoint).AppendValue(r.StopReason)
            .AppendValue(u?.InputTokens).AppendValue(u?.OutputTokens).AppendValue(u?.CacheCreationInputTokens).AppendValue(u?.CacheCreation5m)
            .AppendValue(u?.CacheCreation1h).AppendValue(u?.CacheReadInputTokens).AppendValue(u?.Speed).AppendValue(r.CostUsd)
            .AppendValue(r.Raw).AppendValue(runId)
            // Migration 6's columns, after the first ones (ALTER TABLE adds at the end).
            .AppendValue(r.TurnOrigin).AppendValue(r.PromptSource).AppendValue(r.Effort).AppendValue(r.ApiError).AppendValue(r.TruncatedAfterOutput)
            // Migration 17's.
            .AppendValue(r.RawSha256)
            .EndRow();
    }

    private static void AppendCopiedCall(DuckDBAppender appender, TranscriptRecord r, CopiedCall c) =>
        appender.CreateRow()
            .AppendValue(r.FileId).AppendValue(r.LineNumber).AppendValue(r.SessionId).AppendValue(c.MessageId).AppendValue(c.RequestId)
            .AppendValue(c.Model).AppendValue(c.AgentId).AppendValue(c.Timestamp).AppendValue(c.InputTokens).AppendValue(c.OutputTokens)
            .AppendValue(c.CacheCreation5mTokens).AppendValue(c.CacheCreation1hTokens).AppendValue(c.CacheCreationUnsplitTokens)
            .AppendValue(c.CacheReadTokens).AppendValue(c.Speed).AppendValue(c.StopReason)
            .EndRow();

    private static void AppendBlock(DuckDBAppender appender, TranscriptRecord r, TranscriptContentBlock b) =>
        appender.CreateRow()
            .AppendValue(r.FileId).AppendValue(r.LineNumber).AppendValue(b.BlockIndex).AppendValue(b.BlockType).AppendValue(b.Text)
            .AppendValue(b.ToolName).AppendValue(b.ToolUseId).AppendValue(b.ToolInput).AppendValue(b.IsError).AppendValue(b.MediaType)
            .AppendValue(b.DataBytes)
            .EndRow();

    private void AppendDeadLetter(DuckDBAppender appender, DeadLetter d) =>
        appender.CreateRow()
            .AppendValue(d.FileId).AppendValue(d.LineNumber).AppendValue(d.ByteOffset).AppendValue(d.Reason).AppendValue(d.Detail)
            .AppendValue(d.RawPrefix).AppendValue(d.RawLength).AppendValue(d.RawSha256).AppendValue(runId).AppendValue(d.Line)
            .EndRow();
}
