using DuckDB.NET.Data;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Drops the <c>messages</c> rows of records that no longer exist (a file that was re-ingested whole), and classifies
/// the records that have no row. Stage 1 classifies every record it stores, in the same transaction, so this finds
/// records only in a warehouse whose rows were written otherwise (an older release's records not yet classified when
/// it stopped); it reads them back from the warehouse and classifies them by the same rules (<see cref="RecordClassification"/>).
/// </summary>
public sealed class ClassificationPass(Warehouse.Warehouse warehouse, int batchRows, CleaningSlices bounds)
{
    public sealed record Counts(long Removed, RecordClassification Classified);

    /// <summary>What the pass will do: the stale rows it removed, the records it will classify and their slices.</summary>
    public sealed class Plan
    {
        internal Plan(long removed, long pending, List<Slice> slices) => (Removed, Pending, Slices) = (removed, pending, slices);
        public long Removed { get; }
        /// <summary>Records without a classification, each read once (the stage's progress counts them).</summary>
        public long Pending { get; }
        internal List<Slice> Slices { get; }
    }

    /// <summary>Removes the classifications of records that no longer exist and finds the records to classify.</summary>
    public async Task<Plan> PlanAsync(CancellationToken cancellationToken)
    {
        // A message row belongs to the record as ingested by one run: a file re-read whole gives its lines
        // a new run id, so their old classification goes even when the same line numbers come back.
        long removed = await warehouse.ExecuteAsync(CleanSql.Classification.RemoveStale, cancellationToken);
        // New records, grouped by file into slices of a few thousand records and a few tens of megabytes: each slice's
        // blocks are read on their own, so memory is bounded by the slice, not by the corpus (a 2 GB corpus ran out at 256 MB).
        var (slices, pending) = await PendingSlicesAsync(cancellationToken);
        return new Plan(removed, pending, slices);
    }

    public async Task<Counts> RunAsync(Plan plan, IStageProgress progress, CancellationToken cancellationToken)
    {
        var session = warehouse.Session;
        var (removed, slices) = (plan.Removed, plan.Slices);

        var classification = new RecordClassification();
        foreach (var slice in slices)
        {
            await SliceRows.FillAsync(warehouse, CleanSql.Classification.SliceTable, slice.Files, cancellationToken);
            // The records and blocks of the slice's lines, found by the ranges of row ids they occupy.
            var records = await SliceRows.RangeAsync(warehouse, "records", CleanSql.Classification.SliceTable, slice.Lines, cancellationToken);
            var blocks = await SliceRows.RangeAsync(warehouse, "content_blocks", CleanSql.Classification.SliceTable, slice.Lines, cancellationToken);
            var pending = new List<ClassifiedMessage>(batchRows);
            SliceRecord? current = null;
            await foreach (var row in session.StreamAsync(CleanSql.Classification.Slice, cancellationToken,
                [.. records.Parameters("record"), .. blocks.Parameters("block"), .. slice.Lines.Parameters("line")]))
            {
                var fileId = row.GetString("file_id");
                long lineNo = row.GetInt64("line_no");
                if (current is null || current.FileId != fileId || current.LineNo != lineNo)
                {
                    if (current is not null) await ClassifyAsync(current);
                    current = SliceRecord.Read(row, fileId, lineNo);
                }
                current.AddBlock(row);
            }
            if (current is not null) await ClassifyAsync(current);
            await WriteAsync(pending, cancellationToken);
            progress.Advance(pending.Count(p => p.Row.BlockIndex is null));

            async Task ClassifyAsync(SliceRecord read)
            {
                var record = read.ToRecord(read.QuotesAnswers ? await ToolUseResultAsync(read.FileId, read.LineNo, read.RowId, cancellationToken) : null);
                // No redaction of blocks here: the text comes from content blocks, redacted when stage 1 wrote them.
                classification.Classify(TranscriptSources.For(AgentNames.Parse(read.Row.Agent)), record, read.Row, pending);
                if (pending.Count >= batchRows)
                {
                    await WriteAsync(pending, cancellationToken);
                    progress.Advance(pending.Count(p => p.Row.BlockIndex is null));
                    pending.Clear();
                }
            }
        }
        await warehouse.ExecuteAsync(CleanSql.Classification.DropSlice, cancellationToken);
        return new Counts(removed, classification);
    }

    /// <summary>The files of a slice, and the lines of them it classifies (every line, or a part of one large file).</summary>
    internal sealed record Slice(List<string> Files, SliceRows.RowRange Lines);

    /// <summary>
    /// The files with records not classified yet, in the order their records are stored, cut into slices of about
    /// <see cref="CleaningSlices.ClassifyRecords"/> new records and <see cref="CleaningSlices.ClassifyBytes"/> bytes of their
    /// lines: a slice's records and blocks then lie in one narrow range of row ids each (<see cref="SliceRows"/>), and a
    /// slice reads its own text, not the table's. Small files are grouped whole; a file past either bound is cut by
    /// line number into slices of its own (<see cref="ClassificationSlicing"/>, <see cref="LineParts"/>), since a slice's rows are read as one result (one
    /// 47,000-line file of the heavy corpus did not fit in 128 MB, and 4,000 lines of its 499 MB session were 200 MB).
    /// A file's new lines are counted from the first of them to the end of what was ingested: exact for new files and
    /// appends, an upper bound otherwise, and cheap (no window over the corpus's lines).
    /// </summary>
    private async Task<(List<Slice> Slices, long Pending)> PendingSlicesAsync(CancellationToken cancellationToken)
    {
        var files = await warehouse.Session.ReadAsync(CleanSql.Classification.PendingFiles,
            row => new ClassificationSlicing.PendingFile(row.GetString("file_id"), row.GetInt64("pending"), row.GetInt64("bytes")), cancellationToken);
        var slices = new List<Slice>();
        foreach (var step in ClassificationSlicing.Plan(files, bounds))
        {
            if (!step.CutByLines)
            {
                slices.Add(new Slice(step.Files, SliceRows.AllLines));
                continue;
            }
            var fileId = step.Files[0];
            var parts = await LineParts.CutAsync(warehouse, fileId, bounds.ClassifyRecords, bounds.ClassifyBytes, unclassifiedOnly: true, cancellationToken);
            foreach (var lines in parts) slices.Add(new Slice([fileId], lines));
        }
        return (slices, files.Sum(f => f.Pending));
    }

    /// <summary>
    /// The toolUseResult of one line, read from its raw JSON alone (a narrow point query): DuckDB's JSON functions
    /// need a few times a line's size, so they never run over the raw text of lines that do not need them. Found by
    /// its row id (read in the same slice, no checkpoint between), so only its vector's raw text is read.
    /// </summary>
    private async Task<string?> ToolUseResultAsync(string fileId, long lineNo, long rowId, CancellationToken cancellationToken)
    {
        // A checkpoint between the slice's read and this one (the log grew past its threshold) may renumber the rows
        // of a table with deletes: the line is then found by file and line alone.
        var byRow = await ReadAsync(CleanSql.Classification.ToolUseResultByRow, withRow: true);
        return byRow.Found ? byRow.Json : (await ReadAsync(CleanSql.Classification.ToolUseResultByLine, withRow: false)).Json;

        async Task<(bool Found, string? Json)> ReadAsync(string sql, bool withRow)
        {
            DuckDBParameter[] parameters = withRow
                ? [new("row", rowId), new("file", fileId), new("line", lineNo)]
                : [new("file", fileId), new("line", lineNo)];
            return await warehouse.Session.ReadFirstAsync(
                sql,
                row => (true, row.GetStringOrNull("tool_use_result")), cancellationToken, parameters);
        }
    }

    /// <summary>A record of the slice being read: its own columns from its first row, a block from each of its rows.</summary>
    private sealed class SliceRecord
    {
        private readonly List<(string Type, string? Text)> _blocks = [];

        public required string FileId { get; init; }
        public required long LineNo { get; init; }
        /// <summary>Where the record is stored, for the point query of its toolUseResult.</summary>
        public required long RowId { get; init; }
        public required RecordToClassify Columns { get; init; }
        public required MessageRow Row { get; init; }
        /// <summary>A tool result of the line quotes AskUserQuestion answers: only such lines have their toolUseResult read.</summary>
        public bool QuotesAnswers { get; private set; }

        public static SliceRecord Read(WarehouseRow row, string fileId, long lineNo)
        {
            var columns = new RecordToClassify
            {
                Type = row.GetString("type"),
                Subtype = row.GetStringOrNull("subtype"),
                Role = row.GetStringOrNull("message_role"),
                ParentUuid = row.GetStringOrNull("parent_uuid"),
                IsSidechain = row.GetBoolean("is_sidechain"),
                Model = row.GetStringOrNull("message_model"),
                IsMeta = row.GetBoolean("is_meta"),
                IsCompactSummary = row.GetBoolean("is_compact_summary"),
                IsApiErrorMessage = row.GetBoolean("is_api_error_message"),
                OriginKind = row.GetStringOrNull("origin_kind"),
                Entrypoint = row.GetStringOrNull("entrypoint"),
                TurnOrigin = row.GetStringOrNull("turn_origin"),
                PromptSource = row.GetStringOrNull("prompt_source"),
            };
            // A line without a sessionId gets its file's session once the pass is done (FileWideClassification).
            var message = new MessageRow(
                fileId, lineNo, columns.Type, row.GetStringOrNull("session_id"), row.GetString("project"), row.GetStringOrNull("agent_id"), row.GetStringOrNull("uuid"), columns.ParentUuid,
                row.GetStringOrNull("message_role"), row.GetTimestampOrNull("timestamp"), columns.Model, columns.IsSidechain, row.GetGuid("run_id"), null,
                row.GetString("agent"));
            return new SliceRecord { FileId = fileId, LineNo = lineNo, RowId = row.GetInt64("record_rowid"), Columns = columns, Row = message };
        }

        /// <summary>Adds the block of the current row (none for a record without blocks).</summary>
        public void AddBlock(WarehouseRow row)
        {
            if (row.GetStringOrNull("block_type") is not { } type) return;
            _blocks.Add((type, row.GetStringOrNull("block_text")));
            QuotesAnswers |= row.GetBoolean("quotes_answers");
        }

        /// <summary>The record for the classifier; whether its file uses origin is applied file-wide afterwards (<see cref="FileWideClassification"/>).</summary>
        public RecordToClassify ToRecord(string? toolUseResult) => Columns with { ToolUseResult = toolUseResult, Blocks = _blocks };
    }

    private async Task WriteAsync(List<ClassifiedMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        cancellationToken.ThrowIfCancellationRequested();
        var session = warehouse.Session;
        using var transaction = session.BeginTransaction();
        using (var writer = session.Writer(MessageRows.Layout)) writer.AppendAll(rows);
        transaction.Commit();
    }

}
