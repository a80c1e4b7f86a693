using System.Threading.Channels;
using DuckDB.NET.Data;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discovery;

namespace Hindsight.Stages.Extraction;

/// <summary>
/// The single writer of stage 1. Chunks from several files are grouped into transactions of about
/// <c>batchRows</c> rows; each transaction holds the rows and the new read positions of the files
/// they came from, so the warehouse is always consistent with where each file will be resumed.
/// In a dry run it only counts.
/// </summary>
public sealed class ExtractionWriter(Warehouse.Warehouse? warehouse, Guid runId, int batchRows, long batchBytes, ExtractionTotals totals)
{
    private readonly Dictionary<string, ExtractedChunk> _positions = new(StringComparer.Ordinal);
    private readonly List<ExtractedChunk> _pending = [];
    private int _pendingRows;
    private long _pendingBytes;

    public async Task ConsumeAsync(ChannelReader<ExtractedChunk> input, Action<long> progressBytes, CancellationToken cancellationToken)
    {
        await foreach (var chunk in input.ReadAllAsync(cancellationToken))
        {
            Count(chunk);
            progressBytes(chunk.RawBytes);
            if (warehouse is null) continue;
            if (chunk.ReplacesFile && _pending.Count > 0) await CommitAsync(cancellationToken);
            _pending.Add(chunk);
            _pendingRows += chunk.RowCount;
            _pendingBytes += chunk.RawBytes;
            if (_pendingRows >= batchRows || _pendingBytes >= batchBytes || (chunk.IsLast && input.Count == 0))
                await CommitAsync(cancellationToken);
        }
        if (warehouse is not null && _pending.Count > 0) await CommitAsync(cancellationToken);
    }

    private void Count(ExtractedChunk chunk)
    {
        totals.Records += chunk.Records.Count;
        totals.DeadLetters += chunk.DeadLetters.Count;
        totals.BytesRead += chunk.RawBytes;
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
        if (chunk.PartialTailBytes > 0) { totals.PartialTails++; totals.PartialTailBytes += chunk.PartialTailBytes; }
        if (chunk.Plan.Mode == IngestMode.Replace) totals.FilesReplaced++; else totals.FilesAppended++;
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        var connection = warehouse!.Connection;
        using var transaction = connection.BeginTransaction();
        foreach (var chunk in _pending.Where(c => c.ReplacesFile))
        {
            foreach (var table in new[] { "records", "content_blocks", "dead_letters" })
            {
                await warehouse.ExecuteAsync($"DELETE FROM {table} WHERE file_id = $file", cancellationToken, new DuckDBParameter("file", chunk.Plan.File.FileId));
            }
        }
        using (var records = connection.CreateAppender("records"))
        using (var blocks = connection.CreateAppender("content_blocks"))
        using (var dead = connection.CreateAppender("dead_letters"))
        {
            foreach (var chunk in _pending)
            {
                foreach (var record in chunk.Records)
                {
                    AppendRecord(records, record);
                    foreach (var block in record.Blocks) AppendBlock(blocks, record, block);
                }
                foreach (var letter in chunk.DeadLetters) AppendDeadLetter(dead, letter);
            }
        }
        _positions.Clear();
        foreach (var chunk in _pending) _positions[chunk.Plan.File.FileId] = chunk;
        foreach (var chunk in _positions.Values) await SavePositionAsync(chunk, cancellationToken);
        transaction.Commit();
        totals.Transactions++;
        _pending.Clear();
        _pendingRows = 0;
        _pendingBytes = 0;
    }

    private async Task SavePositionAsync(ExtractedChunk chunk, CancellationToken cancellationToken)
    {
        var file = chunk.Plan.File;
        if (chunk.Error is not null)
        {
            await warehouse!.ExecuteAsync("UPDATE files SET last_ingest_error = $error WHERE file_id = $file", cancellationToken,
                new DuckDBParameter("error", chunk.Error), new DuckDBParameter("file", file.FileId));
            return;
        }
        // Only a file's last chunk marks it as ingested at its discovered size and mtime; a crash
        // between chunks leaves ingested_size NULL, so the next run resumes from the saved offset.
        await warehouse!.ExecuteAsync("""
            UPDATE files SET ingested_offset = $offset, ingested_lines = $lines, head_sha256 = $head, boundary_sha256 = $boundary,
                ingested_size = $size, ingested_mtime = $mtime, partial_tail_bytes = $tail, generation = $generation,
                last_ingested_run = $run, last_ingest_error = NULL
            WHERE file_id = $file
            """, cancellationToken,
            new DuckDBParameter("offset", chunk.EndOffset),
            new DuckDBParameter("lines", chunk.LinesThrough),
            new DuckDBParameter("head", chunk.HeadSha256),
            new DuckDBParameter("boundary", chunk.BoundarySha256),
            new DuckDBParameter("size", chunk.IsLast ? file.SizeBytes : null),
            new DuckDBParameter("mtime", chunk.IsLast ? file.ModifiedUtc : null),
            new DuckDBParameter("tail", chunk.PartialTailBytes),
            new DuckDBParameter("generation", chunk.Plan.Generation),
            new DuckDBParameter("run", runId),
            new DuckDBParameter("file", file.FileId));
    }

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
            .EndRow();
    }

    private static void AppendBlock(DuckDBAppender appender, TranscriptRecord r, TranscriptContentBlock b) =>
        appender.CreateRow()
            .AppendValue(r.FileId).AppendValue(r.LineNumber).AppendValue(b.BlockIndex).AppendValue(b.BlockType).AppendValue(b.Text)
            .AppendValue(b.ToolName).AppendValue(b.ToolUseId).AppendValue(b.ToolInput).AppendValue(b.IsError).AppendValue(b.MediaType)
            .AppendValue(b.DataBytes)
            .EndRow();

    private void AppendDeadLetter(DuckDBAppender appender, DeadLetter d) =>
        appender.CreateRow()
            .AppendValue(d.FileId).AppendValue(d.LineNumber).AppendValue(d.ByteOffset).AppendValue(d.Reason).AppendValue(d.Detail)
            .AppendValue(d.RawPrefix).AppendValue(d.RawLength).AppendValue(d.RawSha256).AppendValue(runId)
            .EndRow();
}
