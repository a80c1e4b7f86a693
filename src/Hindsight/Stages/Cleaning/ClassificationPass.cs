using DuckDB.NET.Data;

namespace Hindsight.Stages.Cleaning;

/// <summary>
/// Classifies the records that have no <c>messages</c> row yet, with their text cleaned (secrets were redacted from the blocks by stage 1; so a re-run reads nothing new) and
/// drops the rows of records that no longer exist (a file that was re-ingested whole).
/// </summary>
public sealed class ClassificationPass(Warehouse.Warehouse warehouse, int batchRows)
{
    private const long SliceRecords = 4_000;

    public sealed record Counts(long Classified, long Removed, Dictionary<string, long> Kinds, long SecretsRedacted);

    public async Task<Counts> RunAsync(IStageProgress progress, CancellationToken cancellationToken)
    {
        var connection = warehouse.Connection;
        // A message row belongs to the record as ingested by one run: a file re-read whole gives its lines
        // a new run id, so their old classification goes even when the same line numbers come back.
        long removed = await warehouse.ExecuteAsync("""
            DELETE FROM messages m WHERE NOT EXISTS (
                SELECT 1 FROM records r WHERE r.file_id = m.file_id AND r.line_no = m.line_no AND r.run_id = m.ingest_run_id)
            """, cancellationToken);
        // New records, grouped by file into slices of about sliceRecords: each slice's blocks are aggregated on
        // their own, so memory is bounded by the slice, not by the corpus (a 2 GB corpus ran out at 256 MB).
        var slices = await Warehouse.FileRanges.ReadAsync(connection, """
            SELECT r.file_id, count(*) FROM records r
            WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = r.file_id AND m.line_no = r.line_no)
            GROUP BY r.file_id ORDER BY r.file_id
            """, SliceRecords, cancellationToken);

        var filesWithOrigin = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT DISTINCT file_id FROM records WHERE origin_kind IN ('human', 'person')";
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) filesWithOrigin.Add(reader.GetString(0));
        }

        var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
        long classified = 0;
        long secretsRedacted = 0;
        foreach (var slice in slices)
        {
            using (var select = connection.CreateCommand())
            {
                // Only the text of text and thinking blocks is read, and of the tool results that may quote a person (a
                // prefix test): tool results and inputs can be huge and are otherwise not classified by their text.
                select.CommandText = $"""
                    WITH blocks AS (
                        SELECT b.file_id, b.line_no,
                               list(b.block_type ORDER BY b.block_index) AS types,
                               list(CASE WHEN b.block_type IN ('text', 'thinking') THEN b.text
                                         WHEN b.block_type = 'tool_result' AND {ToolResultTypedText.SqlCandidateCondition} THEN b.text END
                                    ORDER BY b.block_index) AS texts,
                               bool_or(b.block_type = 'tool_result' AND contains(left(b.text, 80), 'User has answered your questions')) AS has_answers
                        FROM content_blocks b
                        WHERE b.file_id BETWEEN $first AND $last
                          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = b.file_id AND m.line_no = b.line_no)
                        GROUP BY b.file_id, b.line_no
                    ),
                    -- A line without sessionId (summary, file-history-snapshot, ...) belongs to its file's session: the
                    -- last sessionId written in the file (a resumed file starts with lines replayed under the old one).
                    -- Only a file with no sessionId at all falls back to its place in the layout.
                    file_sessions AS (
                        SELECT file_id, arg_max(session_id, line_no) FILTER (WHERE session_id IS NOT NULL) AS session_id
                        FROM records WHERE file_id BETWEEN $first AND $last
                        GROUP BY file_id
                    )
                    SELECT r.file_id, r.line_no, r.type, r.subtype, r.uuid, r.parent_uuid, r.session_id, r."timestamp",
                           coalesce(r.is_sidechain, false), r.agent_id, r.message_role, r.message_model, coalesce(r.is_meta, false),
                           coalesce(r.is_compact_summary, false), coalesce(r.is_api_error_message, false), r.origin_kind, r.entrypoint,
                           r.run_id, f.project, f.relative_path, blocks.types, blocks.texts,
                           r.turn_origin, r.prompt_source,
                           CASE WHEN blocks.has_answers AND json_valid(r.raw) THEN json_extract(r.raw, '$.toolUseResult')::VARCHAR END,
                           fs.session_id
                    FROM records r
                    JOIN files f ON f.file_id = r.file_id
                    JOIN file_sessions fs ON fs.file_id = r.file_id
                    LEFT JOIN blocks ON blocks.file_id = r.file_id AND blocks.line_no = r.line_no
                    WHERE r.file_id BETWEEN $first AND $last
                      AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = r.file_id AND m.line_no = r.line_no)
                    ORDER BY r.file_id, r.line_no
                    """;
                select.Parameters.AddRange(Warehouse.FileRanges.Bounds(slice));
                using var reader = await select.ExecuteReaderAsync(cancellationToken);
                var pending = new List<(MessageRow Row, Classification Class)>(batchRows);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var types = reader.IsDBNull(20) ? [] : reader.GetFieldValue<List<string>>(20);
                    var texts = reader.IsDBNull(21) ? [] : reader.GetFieldValue<List<string?>>(21);
                    var fileId = reader.GetString(0);
                    var record = new RecordToClassify
                    {
                        Type = reader.GetString(2),
                        Subtype = NullableString(reader, 3),
                        ParentUuid = NullableString(reader, 5),
                        IsSidechain = reader.GetBoolean(8),
                        Model = NullableString(reader, 11),
                        IsMeta = reader.GetBoolean(12),
                        IsCompactSummary = reader.GetBoolean(13),
                        IsApiErrorMessage = reader.GetBoolean(14),
                        OriginKind = NullableString(reader, 15),
                        Entrypoint = NullableString(reader, 16),
                        FileUsesOrigin = filesWithOrigin.Contains(fileId),
                        TurnOrigin = NullableString(reader, 22),
                        PromptSource = NullableString(reader, 23),
                        ToolUseResult = NullableString(reader, 24),
                        Blocks = types.Select((t, i) => (t, i < texts.Count ? texts[i] : null)).ToList(),
                    };
                    // No redaction here: the text comes from content blocks, redacted when stage 1 wrote them.
                    var classification = MessageClassifier.Classify(record);
                    var timestamp = reader.IsDBNull(7) ? (DateTimeOffset?)null : Warehouse.DuckDbValues.ToUtc(reader.GetValue(7));
                    var row = new MessageRow(
                        fileId, reader.GetInt64(1), record.Type,
                        NullableString(reader, 6) ?? NullableString(reader, 25) ?? FileSession.Of(reader.GetString(19)),
                        reader.GetString(18), NullableString(reader, 9), NullableString(reader, 4), record.ParentUuid,
                        NullableString(reader, 10), timestamp, record.Model, record.IsSidechain, reader.GetGuid(17), null);
                    pending.Add((row, classification));
                    classified++;
                    kinds[classification.Kind] = kinds.GetValueOrDefault(classification.Kind) + 1;
                    // Text a person typed inside a tool result: a row of its own beside the record's, in the same transaction.
                    foreach (var typed in ToolResultTypedText.Extract(record))
                    {
                        // Typed text may come from the record's toolUseResult, which stage 1 keeps only raw: redacted here.
                        var typedClass = Redacted(typed.Classification, ref secretsRedacted);
                        pending.Add((row with { BlockIndex = typed.BlockIndex }, typedClass));
                        kinds[typedClass.Kind] = kinds.GetValueOrDefault(typedClass.Kind) + 1;
                    }
                    if (pending.Count >= batchRows)
                    {
                        await WriteAsync(pending, cancellationToken);
                        progress.Advance(pending.Count(p => p.Row.BlockIndex is null));
                        pending.Clear();
                    }
                }
                await WriteAsync(pending, cancellationToken);
                progress.Advance(pending.Count(p => p.Row.BlockIndex is null));
            }
        }
        return new Counts(classified, removed, kinds, secretsRedacted);
    }

    private static Classification Redacted(Classification classification, ref long secretsRedacted)
    {
        if (classification.Text is not { Length: > 0 } clean) return classification;
        var redactedText = SecretRedactor.Redact(clean, out var redacted);
        secretsRedacted += redacted;
        return classification with { Text = redactedText };
    }

    /// <param name="BlockIndex">Null for the record's own row; the tool-result block for typed text found inside it.</param>
    private sealed record MessageRow(
        string FileId, long LineNo, string RecordType, string SessionId, string Project, string? AgentId, string? Uuid,
        string? ParentUuid, string? Role, DateTimeOffset? Timestamp, string? Model, bool IsSidechain, Guid IngestRunId, int? BlockIndex);

    private async Task WriteAsync(List<(MessageRow Row, Classification Class)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        cancellationToken.ThrowIfCancellationRequested();
        var connection = warehouse.Connection;
        using var transaction = connection.BeginTransaction();
        using (var appender = connection.CreateAppender("messages"))
        {
            foreach (var (r, c) in rows)
            {
                var text = c.Text;
                appender.CreateRow()
                    .AppendValue(r.FileId).AppendValue(r.LineNo).AppendValue(r.RecordType).AppendValue(r.SessionId).AppendValue(r.Project)
                    .AppendValue(r.AgentId).AppendValue(r.Uuid).AppendValue(r.ParentUuid).AppendValue(r.Role).AppendValue(c.Kind)
                    .AppendValue(c.Confidence).AppendValue(c.Reason).AppendValue(text).AppendValue(c.Command)
                    .AppendValue(text?.Length ?? 0).AppendValue(text is null ? 0 : TextNormalizer.WordCount(text))
                    .AppendValue(r.Timestamp).AppendValue(r.Timestamp is { } t ? DateOnly.FromDateTime(t.UtcDateTime) : (DateOnly?)null)
                    .AppendValue(r.Model).AppendValue(r.IsSidechain)
                    .AppendValue(false).AppendNullValue().AppendNullValue().AppendNullValue()
                    .AppendValue(r.IngestRunId)
                    .AppendValue(r.BlockIndex)
                    .EndRow();
            }
        }
        transaction.Commit();
    }

    private static string? NullableString(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
