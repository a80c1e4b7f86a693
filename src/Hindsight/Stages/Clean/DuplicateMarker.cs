namespace Hindsight.Stages.Clean;

/// <summary>
/// Marks duplicates with their reason and the row kept, never deleting anything. Rules, in order of precedence:
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
/// <para>
/// Computed a slice of changed files at a time (<see cref="DerivedFiles"/>): each rule's marks are kept apart in
/// <c>duplicate_rule_marks</c>, and for the keys the slice touches (its uuids, message ids, files and line hashes,
/// and the keys of rows whose kept copy was in the slice) the rule is evaluated again over every row that shares
/// them, found by key, not by reading the corpus. A row's mark is its rule mark of highest precedence; only rows
/// whose mark changes are written.
/// </para>
/// </summary>
public sealed class DuplicateMarker(Warehouse.Warehouse warehouse)
{
    /// <summary>Part of what each file is derived with: a change of these rules marks every file again.</summary>
    public const string RulesVersion = "duplicates-1";

    private const string Touched = "duplicate_touched";
    private static readonly string InSlice = DerivedFiles.InSlice("file_id");
    private static readonly string KeptInSlice = DerivedFiles.InSlice("d.kept_file");
    /// <summary>Kinds that queued input is also written as (the queue's own line is compared with them).</summary>
    private static readonly string QueuedInputKinds =
        Messages.MessageKindNames.SqlList([Messages.MessageKind.Steering, Messages.MessageKind.HumanPrompt, Messages.MessageKind.SlashCommand]);

    /// <summary>Marks of a rule that may change: those of the slice's rows, of rows sharing a touched key, and of rows kept in the slice.</summary>
    private static string DeleteMarks(int priority, string groupTable) => $"""
        DELETE FROM duplicate_rule_marks d
        WHERE d.priority = {priority}
          AND (d.{InSlice} OR {KeptInSlice}
               OR EXISTS (SELECT 1 FROM {groupTable} g WHERE g.file_id = d.file_id AND g.line_no = d.line_no))
        """;

    private static string TouchGroup(string groupTable) => $"INSERT INTO {Touched} SELECT file_id, line_no FROM {groupTable}";

    /// <summary>When each file of a group started (its earliest record), for the "kept is the earliest session" order.</summary>
    private static string Starts(string groupTable) => $"""
        starts AS (
            SELECT m.file_id, min(m.timestamp_utc) AS started FROM messages m
            WHERE m.block_index IS NULL AND m.file_id IN (SELECT DISTINCT file_id FROM {groupTable})
            GROUP BY m.file_id
        )
        """;

    private static readonly string[] ResumedReplay =
    [
        $"""
        CREATE OR REPLACE TEMP TABLE resumed_group AS
        WITH uuids AS (
            SELECT uuid FROM messages WHERE {InSlice} AND block_index IS NULL AND uuid IS NOT NULL
            UNION
            SELECT m.uuid FROM duplicate_rule_marks d JOIN messages m ON m.file_id = d.file_id AND m.line_no = d.line_no
            WHERE d.priority = 1 AND {KeptInSlice} AND m.block_index IS NULL
        )
        SELECT m.file_id, m.line_no, m.uuid FROM messages m
        WHERE m.block_index IS NULL AND m.uuid IN (SELECT uuid FROM uuids)
        """,
        DeleteMarks(1, "resumed_group"),
        $"""
        INSERT INTO duplicate_rule_marks
        WITH {Starts("resumed_group")},
        ranked AS (
            SELECT g.file_id, g.line_no,
                   first_value(g.file_id) OVER w AS kept_file, first_value(g.line_no) OVER w AS kept_line,
                   row_number() OVER w AS rn
            FROM resumed_group g JOIN starts s ON s.file_id = g.file_id JOIN files f ON f.file_id = g.file_id
            WINDOW w AS (PARTITION BY g.uuid ORDER BY s.started NULLS LAST, f.path, g.line_no)
        )
        SELECT file_id, line_no, 1, 'resumed_replay', kept_file, kept_line FROM ranked WHERE rn > 1
        """,
        TouchGroup("resumed_group"),
        "DROP TABLE resumed_group",
    ];

    private static readonly string[] SidechainReplay =
    [
        $"""
        CREATE OR REPLACE TEMP TABLE sidechain_group AS
        WITH message_ids AS (
            SELECT message_id FROM records WHERE {InSlice} AND type = 'assistant' AND message_id IS NOT NULL
            UNION
            SELECT r.message_id FROM duplicate_rule_marks d JOIN records r ON r.file_id = d.file_id AND r.line_no = d.line_no
            WHERE d.priority = 2 AND {KeptInSlice}
        )
        SELECT file_id, line_no, message_id, request_id, coalesce(is_sidechain, false) AS is_sidechain FROM records
        WHERE type = 'assistant' AND message_id IN (SELECT message_id FROM message_ids)
        """,
        DeleteMarks(2, "sidechain_group"),
        """
        INSERT INTO duplicate_rule_marks
        SELECT s.file_id, s.line_no, 2, 'sidechain_replay', p.file_id, p.line_no
        FROM sidechain_group s
        JOIN sidechain_group p ON p.message_id = s.message_id AND coalesce(p.request_id, '') <> coalesce(s.request_id, '')
        JOIN files pf ON pf.file_id = p.file_id
        WHERE s.is_sidechain AND NOT p.is_sidechain
        QUALIFY row_number() OVER (PARTITION BY s.file_id, s.line_no ORDER BY pf.path, p.line_no) = 1
        """,
        TouchGroup("sidechain_group"),
        "DROP TABLE sidechain_group",
    ];

    /// <summary>Within one file: the slice's files are the whole group.</summary>
    private static readonly string[] SteeringWrittenTwice =
    [
        $"DELETE FROM duplicate_rule_marks WHERE priority = 3 AND {InSlice}",
        $"""
        INSERT INTO duplicate_rule_marks
        -- A slash command typed while Claude was busy is queued input too: it matches by its name and arguments.
        WITH candidates AS (
            SELECT file_id, line_no, record_type, coalesce(command_name || ' ', '') || text AS text FROM messages
            WHERE {InSlice} AND block_index IS NULL
              AND kind IN ({QueuedInputKinds}) AND text IS NOT NULL AND (text <> '' OR command_name IS NOT NULL)
        )
        SELECT q.file_id, q.line_no, 3, 'steering_written_twice', k.file_id, k.line_no
        FROM candidates q
        JOIN candidates k ON k.file_id = q.file_id AND k.text = q.text AND k.line_no <> q.line_no
        WHERE q.record_type = 'queue-operation'
          AND (k.record_type = 'attachment'
               OR (k.record_type = 'user' AND k.line_no > q.line_no)
               OR (k.record_type = 'queue-operation' AND k.line_no < q.line_no))
        QUALIFY row_number() OVER (PARTITION BY q.file_id, q.line_no
            ORDER BY CASE k.record_type WHEN 'attachment' THEN 0 WHEN 'user' THEN 1 ELSE 2 END, k.line_no) = 1
        """,
    ];

    private static readonly string[] CopiedLine =
    [
        $"""
        CREATE OR REPLACE TEMP TABLE copied_group AS
        WITH line_keys AS (
            SELECT session_id, record_type, raw_sha256 FROM {DerivedKeyTables.TouchedLineKeys}
            UNION
            SELECT u.session_id, u.record_type, u.raw_sha256 FROM duplicate_rule_marks d
            JOIN uuidless_lines u ON u.file_id = d.file_id AND u.line_no = d.line_no
            WHERE d.priority = 4 AND {KeptInSlice}
        )
        SELECT u.file_id, u.line_no, u.session_id, u.record_type, u.raw_sha256 FROM uuidless_lines u
        JOIN line_keys k ON k.session_id IS NOT DISTINCT FROM u.session_id AND k.record_type = u.record_type AND k.raw_sha256 = u.raw_sha256
        WHERE u.uuid_is_null
        """,
        DeleteMarks(4, "copied_group"),
        $"""
        INSERT INTO duplicate_rule_marks
        WITH {Starts("copied_group")},
        ranked AS (
            SELECT g.file_id, g.line_no,
                   first_value(g.file_id) OVER w AS kept_file, first_value(g.line_no) OVER w AS kept_line
            FROM copied_group g JOIN starts s ON s.file_id = g.file_id JOIN files f ON f.file_id = g.file_id
            WINDOW w AS (PARTITION BY g.session_id, g.record_type, g.raw_sha256 ORDER BY s.started NULLS LAST, f.path, g.line_no)
        )
        SELECT file_id, line_no, 4, 'copied_line', kept_file, kept_line FROM ranked WHERE file_id <> kept_file
        """,
        TouchGroup("copied_group"),
        "DROP TABLE copied_group",
    ];

    /// <summary>Writes the mark of highest precedence on every touched row whose mark changed; returns the rows written.</summary>
    private static readonly string ApplyMarks = $"""
        UPDATE messages SET
            is_duplicate = n.reason IS NOT NULL,
            duplicate_reason = n.reason,
            duplicate_of_file_id = n.kept_file,
            duplicate_of_line_no = n.kept_line
        FROM (
            SELECT t.file_id, t.line_no, best.reason, best.kept_file, best.kept_line
            FROM (SELECT DISTINCT file_id, line_no FROM {Touched}) t
            LEFT JOIN (
                SELECT d.* FROM duplicate_rule_marks d
                SEMI JOIN {Touched} t ON t.file_id = d.file_id AND t.line_no = d.line_no
                QUALIFY row_number() OVER (PARTITION BY d.file_id, d.line_no ORDER BY d.priority) = 1
            ) best ON best.file_id = t.file_id AND best.line_no = t.line_no
        ) n
        WHERE messages.file_id = n.file_id AND messages.line_no = n.line_no
          AND (messages.is_duplicate <> (n.reason IS NOT NULL)
               OR messages.duplicate_reason IS DISTINCT FROM n.reason
               OR messages.duplicate_of_file_id IS DISTINCT FROM n.kept_file
               OR messages.duplicate_of_line_no IS DISTINCT FROM n.kept_line)
        """;

    /// <summary>
    /// Marks the current slice (inside its transaction; <see cref="DerivedKeyTables.RefreshSliceAsync"/> has run).
    /// Returns the number of message rows whose mark changed.
    /// </summary>
    public async Task<long> MarkSliceAsync(CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {Touched} (file_id VARCHAR, line_no BIGINT)", cancellationToken);
        // Rows of the slice's files all take their mark again (new rows start unmarked; a rule may no longer hold).
        await warehouse.ExecuteAsync($"INSERT INTO {Touched} SELECT file_id, line_no FROM messages WHERE {InSlice} AND block_index IS NULL", cancellationToken);
        foreach (var sql in ResumedReplay.Concat(SidechainReplay).Concat(SteeringWrittenTwice).Concat(CopiedLine))
            await warehouse.ExecuteAsync(sql, cancellationToken);
        long changed = await warehouse.ExecuteAsync(ApplyMarks, cancellationToken);
        await warehouse.ExecuteAsync($"DROP TABLE {Touched}", cancellationToken);
        return changed;
    }

    /// <summary>Marked message rows by reason, over the whole table (one narrow aggregate).</summary>
    public async Task<Dictionary<string, long>> CountsByReasonAsync(CancellationToken cancellationToken)
    {
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in warehouse.Session.StreamAsync("SELECT duplicate_reason, count(*) AS marked FROM messages WHERE is_duplicate GROUP BY 1", cancellationToken))
            byReason[row.GetString("duplicate_reason")] = row.GetInt64("marked");
        return byReason;
    }
}
