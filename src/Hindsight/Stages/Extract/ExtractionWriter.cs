using System.Threading.Channels;
using DuckDB.NET.Data;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;
using Hindsight.Stages.Discover;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Extract;

/// <summary>
/// One of stage 1's writers: each extraction lane has its own, on its own connection, so the lanes' DuckDB work
/// (appending, writing the log, committing) runs in parallel. A file is read and written by one lane only, in order.
/// Chunks from several files are grouped into transactions of about <c>batchRows</c> rows; each transaction holds the
/// rows and the new read positions of the files they came from, so the warehouse is always consistent with where each
/// file will be resumed. In a dry run (no connection) it only counts.
/// </summary>
public sealed class ExtractionWriter(WarehouseSession? session, Guid runId, int batchRows, long batchBytes, ExtractionTotals totals, LaneCheckpoints? checkpoints = null)
{
    private readonly Dictionary<string, ExtractedChunk> _positions = new(StringComparer.Ordinal);
    /// <summary>The chunks of the open transaction, their rows already handed to DuckDB: only positions and fingerprints are kept.</summary>
    private readonly List<ExtractedChunk> _pending = [];
    private int _pendingRows;
    private long _pendingBytes;
    private WarehouseTransaction? _transaction;
    /// <summary>This lane's turn while its transaction is open (no checkpoint can start until it is returned).</summary>
    private IDisposable? _turn;
    private TableWriter<(TranscriptRecord Record, Guid RunId)>? _records;
    private TableWriter<(TranscriptRecord Record, TranscriptContentBlock Block)>? _blocks;
    private TableWriter<(DeadLetter Letter, Guid RunId)>? _deadLetters;
    private TableWriter<(TranscriptRecord Record, CopiedCall Call)>? _copiedCalls;
    private TableWriter<ClassifiedMessage>? _messages;
    /// <summary>The document whose rows the open transaction holds while its last chunk has not arrived.</summary>
    private string? _openDocument;
    /// <summary>That document's counts, added to the lane's when its last chunk arrives.</summary>
    private ExtractionTotals _openDocumentTotals = new();

    public async Task ConsumeAsync(ChannelReader<ExtractedChunk> input, Action<long> progressBytes, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in input.ReadAllAsync(cancellationToken))
            {
                progressBytes(chunk.RawBytes);
                if (chunk.DiscardsDocument) DiscardOpenDocument(chunk.Plan.File.FileId);
                if (chunk.Deferred)
                {
                    totals.DocumentsDeferred++;
                    continue;
                }
                // A document's rows are counted when its last chunk arrives: until then they may be discarded.
                Count(chunk, chunk.IsDocument ? _openDocumentTotals : totals);
                if (chunk.IsDocument && chunk.IsLast)
                {
                    totals.Add(_openDocumentTotals);
                    _openDocumentTotals = new ExtractionTotals();
                }
                if (session is null) continue;
                // A replaced file's old rows are deleted at the start of a transaction of its own, before any row is appended.
                if (chunk.ReplacesFile && _transaction is not null) await CommitAsync(cancellationToken);
                if (_transaction is null) await BeginAsync(chunk, cancellationToken);
                AppendRows(chunk);
                _pending.Add(chunk);
                _pendingRows += chunk.RowCount;
                _pendingBytes += chunk.RawBytes;
                _openDocument = chunk.IsDocument && !chunk.IsLast ? chunk.Plan.File.FileId : null;
                // The rows now live in DuckDB's buffers; the chunk keeps only what the commit stores beside them.
                chunk.ReleaseRows();
                // A document commits whole: its old rows, all its new ones and its position in one transaction.
                if ((_pendingRows >= batchRows || _pendingBytes >= batchBytes) && _openDocument is null)
                    await CommitAsync(cancellationToken);
            }
            if (_transaction is not null) await CommitAsync(cancellationToken);
        }
        finally
        {
            Abandon();
        }
    }

    /// <summary>
    /// A document that did not parse to its end: the open transaction, which holds only its rows (a document starts a
    /// transaction of its own), is rolled back with their counts; the document is then deferred or a dead letter.
    /// </summary>
    private void DiscardOpenDocument(string fileId)
    {
        _openDocumentTotals = new ExtractionTotals();
        if (_openDocument != fileId) return;
        _openDocument = null;
        Abandon();
        _pending.Clear();
        _pendingRows = 0;
        _pendingBytes = 0;
    }

    private static void Count(ExtractedChunk chunk, ExtractionTotals into)
    {
        into.Records += chunk.Records.Count;
        into.DeadLetters += chunk.DeadLetters.Count;
        into.BytesRead += chunk.RawBytes;
        into.SecretsRedacted += chunk.SecretsRedacted;
        foreach (var record in chunk.Records) into.ContentBlocks += record.Blocks.Count;
        foreach (var dead in chunk.DeadLetters) FileProfile.Count(into.DeadLetterReasons, dead.Reason.ToName());
        into.Classified.Add(chunk.Classified);
        if (!chunk.IsLast) return;
        if (chunk.Error is not null)
        {
            into.FilesFailed++;
            into.FileErrors.Add($"{chunk.Plan.File.Path}: {chunk.Error}");
            return;
        }
        into.BlankLines += chunk.BlankLines;
        into.FileBytesRead += chunk.EndOffset - chunk.Plan.StartOffset + chunk.PartialTailBytes;
        if (chunk.PartialTailBytes > 0) { into.PartialTails++; into.PartialTailBytes += chunk.PartialTailBytes; }
        if (chunk.Plan.Mode == IngestMode.Replace) into.FilesReplaced++; else into.FilesAppended++;
    }

    private async Task BeginAsync(ExtractedChunk first, CancellationToken cancellationToken)
    {
        if (checkpoints is not null) _turn = await checkpoints.EnterTransactionAsync(cancellationToken);
        _transaction = Session.BeginTransaction();
        if (first.ReplacesFile)
        {
            foreach (var table in ExtractionUndo.LineKeyedTables.Append("file_blocks"))
                await ExecuteAsync(ExtractSql.DeleteFileRows(table), cancellationToken, new DuckDBParameter("file", first.Plan.File.FileId));
        }
        _records = Session.Writer(Records);
        _blocks = Session.Writer(ContentBlocks);
        _deadLetters = Session.Writer(DeadLetters);
        _copiedCalls = Session.Writer(CopiedCalls);
        _messages = Session.Writer(MessageRows.Layout);
    }

    /// <summary>Hands a chunk's rows to the open appenders, which pass them on to DuckDB every 2,048 rows.</summary>
    private void AppendRows(ExtractedChunk chunk)
    {
        foreach (var record in chunk.Records)
        {
            _records!.Append((record, runId));
            foreach (var block in record.Blocks) _blocks!.Append((record, block));
            if (record.CopiedCall is { } copy) _copiedCalls!.Append((record, copy));
        }
        foreach (var letter in chunk.DeadLetters) _deadLetters!.Append((letter, runId));
        foreach (var message in chunk.Messages) _messages!.Append(message);
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
        _messages?.Dispose();
        (_records, _blocks, _deadLetters, _copiedCalls, _messages) = (null, null, null, null, null);
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
        catch (WarehouseQueryException)
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
        await ExecuteAsync(FilePositions.CreateTempTableIfMissingSql, cancellationToken);
        using (var writer = Session.Writer(FilePositions)) writer.AppendAll(chunks);
        await ExecuteAsync(ExtractSql.SavePositions, cancellationToken, new DuckDBParameter("run", runId));
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
        await ExecuteAsync(BlockPositions.CreateTempTableIfMissingSql, cancellationToken);
        using (var writer = Session.Writer(BlockPositions))
        {
            foreach (var ((fileId, _), block) in latest) writer.Append((fileId, block));
        }
        await ExecuteAsync(ExtractSql.SaveBlocks, cancellationToken);
    }

    private WarehouseSession Session => session ?? throw new InvalidOperationException("a dry run writes nothing");

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters) =>
        Session.ExecuteAsync(sql, cancellationToken, parameters);

    private static readonly TableLayout<(TranscriptRecord Record, Guid RunId)> Records = new TableLayout<(TranscriptRecord Record, Guid RunId)>("records")
        .Text("file_id", r => r.Record.FileId)
        .BigInt("line_no", r => r.Record.LineNumber)
        .BigInt("byte_offset", r => r.Record.ByteOffset)
        .Text("type", r => r.Record.Type)
        .Text("subtype", r => r.Record.Subtype)
        .Text("uuid", r => r.Record.Uuid)
        .Text("parent_uuid", r => r.Record.ParentUuid)
        .Text("logical_parent_uuid", r => r.Record.LogicalParentUuid)
        .Text("session_id", r => r.Record.SessionId)
        .TimestampTz("timestamp", r => r.Record.Timestamp)
        .Text("cwd", r => r.Record.Cwd)
        .Text("git_branch", r => r.Record.GitBranch)
        .Text("version", r => r.Record.Version)
        .Boolean("is_sidechain", r => r.Record.IsSidechain)
        .Text("agent_id", r => r.Record.AgentId)
        .Text("user_type", r => r.Record.UserType)
        .Text("request_id", r => r.Record.RequestId)
        .Text("message_id", r => r.Record.MessageId)
        .Text("message_role", r => r.Record.MessageRole)
        .Text("message_model", r => r.Record.MessageModel)
        .Boolean("is_meta", r => r.Record.IsMeta)
        .Boolean("is_compact_summary", r => r.Record.IsCompactSummary)
        .Boolean("is_api_error_message", r => r.Record.IsApiErrorMessage)
        .Text("origin_kind", r => r.Record.OriginKind)
        .Text("entrypoint", r => r.Record.Entrypoint)
        .Text("stop_reason", r => r.Record.StopReason)
        .BigInt("input_tokens", r => r.Record.Usage?.InputTokens)
        .BigInt("output_tokens", r => r.Record.Usage?.OutputTokens)
        .BigInt("cache_creation_tokens", r => r.Record.Usage?.CacheCreationInputTokens)
        .BigInt("cache_creation_5m_tokens", r => r.Record.Usage?.CacheCreation5m)
        .BigInt("cache_creation_1h_tokens", r => r.Record.Usage?.CacheCreation1h)
        .BigInt("cache_read_tokens", r => r.Record.Usage?.CacheReadInputTokens)
        .Text("speed", r => r.Record.Usage?.Speed)
        .Double("cost_usd", r => r.Record.CostUsd)
        // The line as written, UTF-8 bytes into the zstd-compressed VARCHAR archive.
        .Utf8Text("raw", r => r.Record.Raw)
        .Uuid("run_id", r => r.RunId)
        // Migration 6's columns, after the first ones (ALTER TABLE adds at the end).
        .Text("turn_origin", r => r.Record.TurnOrigin)
        .Text("prompt_source", r => r.Record.PromptSource)
        .Text("effort", r => r.Record.Effort)
        .Text("api_error", r => r.Record.ApiError)
        .Boolean("truncated_after_output", r => r.Record.TruncatedAfterOutput)
        // Migration 17's.
        .Text("raw_sha256", r => r.Record.RawSha256)
        // Migration 19's.
        .Text("agent", r => r.Record.Agent.ToName());

    private static readonly TableLayout<(TranscriptRecord Record, TranscriptContentBlock Block)> ContentBlocks =
        new TableLayout<(TranscriptRecord Record, TranscriptContentBlock Block)>("content_blocks")
            .Text("file_id", b => b.Record.FileId)
            .BigInt("line_no", b => b.Record.LineNumber)
            .Integer("block_index", b => b.Block.BlockIndex)
            .Text("block_type", b => b.Block.BlockType)
            .Text("text", b => b.Block.Text)
            .Text("tool_name", b => b.Block.ToolName)
            .Text("tool_use_id", b => b.Block.ToolUseId)
            .Text("tool_input", b => b.Block.ToolInput)
            .Boolean("is_error", b => b.Block.IsError)
            .Text("media_type", b => b.Block.MediaType)
            .BigInt("data_bytes", b => b.Block.DataBytes)
            .Text("agent", b => b.Record.Agent.ToName());

    private static readonly TableLayout<(DeadLetter Letter, Guid RunId)> DeadLetters = new TableLayout<(DeadLetter Letter, Guid RunId)>("dead_letters")
        .Text("file_id", d => d.Letter.FileId)
        .BigInt("line_no", d => d.Letter.LineNumber)
        .BigInt("byte_offset", d => d.Letter.ByteOffset)
        .Text("reason", d => d.Letter.Reason.ToName())
        .Text("detail", d => d.Letter.Detail)
        .Blob("raw_prefix", d => d.Letter.RawPrefix)
        .BigInt("raw_length", d => d.Letter.RawLength)
        .Text("raw_sha256", d => d.Letter.RawSha256)
        .Uuid("run_id", d => d.RunId)
        .Blob("raw_line", d => d.Letter.Line)
        .Text("agent", d => d.Letter.Agent.ToName());

    private static readonly TableLayout<(TranscriptRecord Record, CopiedCall Call)> CopiedCalls =
        new TableLayout<(TranscriptRecord Record, CopiedCall Call)>("progress_copies")
            .Text("file_id", c => c.Record.FileId)
            .BigInt("line_no", c => c.Record.LineNumber)
            .Text("session_id", c => c.Record.SessionId)
            .Text("message_id", c => c.Call.MessageId)
            .Text("request_id", c => c.Call.RequestId)
            .Text("model", c => c.Call.Model)
            .Text("agent_id", c => c.Call.AgentId)
            .TimestampTz("timestamp", c => c.Call.Timestamp)
            .BigInt("input_tokens", c => c.Call.InputTokens)
            .BigInt("output_tokens", c => c.Call.OutputTokens)
            .BigInt("cache_creation_5m_tokens", c => c.Call.CacheCreation5mTokens)
            .BigInt("cache_creation_1h_tokens", c => c.Call.CacheCreation1hTokens)
            .BigInt("cache_creation_unsplit_tokens", c => c.Call.CacheCreationUnsplitTokens)
            .BigInt("cache_read_tokens", c => c.Call.CacheReadTokens)
            .Text("speed", c => c.Call.Speed)
            .Text("stop_reason", c => c.Call.StopReason);

    /// <summary>Where each file of a transaction stands after it (staged for one UPDATE of <c>files</c>).</summary>
    private static readonly TableLayout<ExtractedChunk> FilePositions = new TableLayout<ExtractedChunk>("file_positions")
        .Text("file_id", c => c.Plan.File.FileId)
        .BigInt("ingested_offset", c => c.EndOffset)
        .BigInt("ingested_lines", c => c.LinesThrough)
        .Text("head_sha256", c => c.HeadSha256)
        .Text("boundary_sha256", c => c.BoundarySha256)
        .BigInt("ingested_size", c => c.IsLast ? c.Plan.File.SizeBytes : null)
        .TimestampTz("ingested_mtime", c => c.IsLast ? c.Plan.File.ModifiedUtc : null)
        .BigInt("partial_tail_bytes", c => c.PartialTailBytes)
        .Integer("generation", c => c.Plan.Generation)
        .Text("error", c => c.Error);

    private static readonly TableLayout<(string FileId, BlockFingerprint Block)> BlockPositions =
        new TableLayout<(string FileId, BlockFingerprint Block)>("block_positions")
            .Text("file_id", b => b.FileId)
            .BigInt("block_index", b => b.Block.Index)
            .BigInt("end_offset", b => b.Block.EndOffset)
            .Text("hash", b => b.Block.Hash);
}
