namespace Hindsight.Stages.Cleaning;

/// <summary>
/// Marks duplicates with their reason and the row kept, never deleting anything. Recomputed over the
/// whole table each run (a newly ingested file can change which copy is the earliest), but only rows
/// whose mark changes are written. Rules, in order of precedence:
/// <list type="number">
/// <item><c>resumed_replay</c>: the same uuid in several places (a resumed session replays history);
/// the copy in the file whose session started first is kept (then by path, then by line).</item>
/// <item><c>sidechain_replay</c>: a sidechain assistant line repeating a main-chain message.id under
/// another requestId (the /btw aside log); the main-chain line is kept.</item>
/// <item><c>steering_written_twice</c>: steering text written as a queue-operation and again as a
/// queued_command attachment or as the prompt it became (a queued slash command likewise, by its name and
/// arguments); the in-conversation record is kept, else the earliest queue-operation.</item>
/// <item><c>copied_line</c>: a line without uuid (queue operations, metadata) whose session, type and bytes are
/// those of a line in another file: the same transcript under a second source path or project folder (a session
/// moved to a worktree's folder, a renamed project folder, a backup). The identity of a line is its session and
/// content, not its path; the copy in the file whose session started first is kept (then by path, then by line).
/// Byte-identical lines inside one file stay: there they are events written twice, not copies.</item>
/// </list>
/// A row of typed text found inside a tool result (<c>block_index</c> set) shares its record's mark.
/// </summary>
public sealed class DuplicateMarker(Warehouse.Warehouse warehouse)
{
    public async Task<(long Changed, Dictionary<string, long> ByReason)> RunAsync(CancellationToken cancellationToken)
    {
        using var transaction = warehouse.Connection.BeginTransaction();
        await warehouse.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE duplicate_marks AS
            WITH record_rows AS (
                SELECT * FROM messages WHERE block_index IS NULL
            ),
            starts AS (
                SELECT m.file_id, min(m.timestamp_utc) AS started FROM record_rows m GROUP BY m.file_id
            ),
            resumed AS (
                SELECT m.file_id, m.line_no,
                       first_value(m.file_id) OVER w AS kept_file, first_value(m.line_no) OVER w AS kept_line,
                       row_number() OVER w AS rn
                FROM record_rows m JOIN starts s ON s.file_id = m.file_id JOIN files f ON f.file_id = m.file_id
                WHERE m.uuid IS NOT NULL
                WINDOW w AS (PARTITION BY m.uuid ORDER BY s.started NULLS LAST, f.path, m.line_no)
            ),
            sidechain AS (
                SELECT s.file_id, s.line_no, p.file_id AS kept_file, p.line_no AS kept_line,
                       row_number() OVER (PARTITION BY s.file_id, s.line_no ORDER BY pf.path, p.line_no) AS rn
                FROM records s
                JOIN records p ON p.message_id = s.message_id AND coalesce(p.request_id, '') <> coalesce(s.request_id, '')
                JOIN files pf ON pf.file_id = p.file_id
                WHERE s.type = 'assistant' AND p.type = 'assistant' AND s.is_sidechain AND NOT coalesce(p.is_sidechain, false)
            ),
            -- A slash command typed while Claude was busy is queued input too: it matches by its name and arguments.
            steering_candidates AS (
                SELECT file_id, line_no, record_type, coalesce(command_name || ' ', '') || text AS text FROM record_rows
                WHERE kind IN ('steering', 'human_prompt', 'slash_command') AND text IS NOT NULL AND (text <> '' OR command_name IS NOT NULL)
            ),
            steering AS (
                SELECT q.file_id, q.line_no, k.file_id AS kept_file, k.line_no AS kept_line,
                       row_number() OVER (PARTITION BY q.file_id, q.line_no
                           ORDER BY CASE k.record_type WHEN 'attachment' THEN 0 WHEN 'user' THEN 1 ELSE 2 END, k.line_no) AS rn
                FROM steering_candidates q
                JOIN steering_candidates k ON k.file_id = q.file_id AND k.text = q.text AND k.line_no <> q.line_no
                WHERE q.record_type = 'queue-operation'
                  AND (k.record_type = 'attachment'
                       OR (k.record_type = 'user' AND k.line_no > q.line_no)
                       OR (k.record_type = 'queue-operation' AND k.line_no < q.line_no))
            ),
            uuidless AS (
                SELECT m.file_id, m.line_no, m.session_id, m.record_type, strlen(r.raw) AS bytes
                FROM record_rows m JOIN records r ON r.file_id = m.file_id AND r.line_no = m.line_no
                WHERE m.uuid IS NULL
            ),
            -- Only lines whose session, type and length occur in two files or more are hashed: copies are rare.
            spread AS (
                SELECT session_id, record_type, bytes FROM uuidless GROUP BY ALL HAVING count(DISTINCT file_id) > 1
            ),
            hashed AS (
                SELECT u.file_id, u.line_no, u.session_id, u.record_type, md5(r.raw) AS content
                FROM uuidless u
                JOIN spread p ON p.session_id IS NOT DISTINCT FROM u.session_id AND p.record_type = u.record_type AND p.bytes = u.bytes
                JOIN records r ON r.file_id = u.file_id AND r.line_no = u.line_no
            ),
            copied AS (
                SELECT h.file_id, h.line_no,
                       first_value(h.file_id) OVER w AS kept_file, first_value(h.line_no) OVER w AS kept_line
                FROM hashed h JOIN starts s ON s.file_id = h.file_id JOIN files f ON f.file_id = h.file_id
                WINDOW w AS (PARTITION BY h.session_id, h.record_type, h.content ORDER BY s.started NULLS LAST, f.path, h.line_no)
            ),
            marks AS (
                SELECT file_id, line_no, 'resumed_replay' AS reason, kept_file, kept_line, 1 AS priority FROM resumed WHERE rn > 1
                UNION ALL SELECT file_id, line_no, 'sidechain_replay', kept_file, kept_line, 2 FROM sidechain WHERE rn = 1
                UNION ALL SELECT file_id, line_no, 'steering_written_twice', kept_file, kept_line, 3 FROM steering WHERE rn = 1
                UNION ALL SELECT file_id, line_no, 'copied_line', kept_file, kept_line, 4 FROM copied WHERE file_id <> kept_file
            )
            SELECT file_id, line_no, reason, kept_file, kept_line FROM marks
            QUALIFY row_number() OVER (PARTITION BY file_id, line_no ORDER BY priority) = 1
            """, cancellationToken);
        long changed = await warehouse.ExecuteAsync("""
            UPDATE messages SET
                is_duplicate = d.file_id IS NOT NULL,
                duplicate_reason = d.reason,
                duplicate_of_file_id = d.kept_file,
                duplicate_of_line_no = d.kept_line
            FROM messages m LEFT JOIN duplicate_marks d ON d.file_id = m.file_id AND d.line_no = m.line_no
            WHERE messages.file_id = m.file_id AND messages.line_no = m.line_no AND messages.block_index IS NOT DISTINCT FROM m.block_index
              AND (messages.is_duplicate <> (d.file_id IS NOT NULL)
                   OR messages.duplicate_reason IS DISTINCT FROM d.reason
                   OR messages.duplicate_of_file_id IS DISTINCT FROM d.kept_file
                   OR messages.duplicate_of_line_no IS DISTINCT FROM d.kept_line)
            """, cancellationToken);
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = warehouse.Connection.CreateCommand())
        {
            command.CommandText = "SELECT duplicate_reason, count(*) FROM messages WHERE is_duplicate GROUP BY 1";
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) byReason[reader.GetString(0)] = reader.GetInt64(1);
        }
        await warehouse.ExecuteAsync("DROP TABLE duplicate_marks", cancellationToken);
        transaction.Commit();
        return (changed, byReason);
    }
}
