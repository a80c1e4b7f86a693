using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Stage 2's SQL, by the job it serves: the slices of changed files (<see cref="DerivedFiles"/>, <see cref="SliceRows"/>,
/// <see cref="LineParts"/>), classification (<see cref="ClassificationPass"/>), the narrow key tables
/// (<see cref="DerivedKeyTables"/>), the duplicate rules (<see cref="DuplicateMarker"/>), API calls
/// (<see cref="ApiCallBuilder"/>) and Claude Code's cost states (<see cref="CostStateBuilder"/>). Every statement over a
/// slice names its files through <see cref="DerivedFiles.InSlice"/>; values are bound as parameters, and every hole is a
/// constant table name or condition.
/// </summary>
internal static class CleanSql
{
    /// <summary>A row of the current slice's files, by its <c>file_id</c> column.</summary>
    private static readonly string InSlice = DerivedFiles.InSlice("file_id");

    /// <summary>What the stage itself reads: its input fingerprint and the counts it reports.</summary>
    internal static class Stage
    {
        /// <summary>Every stored record as ingested (a re-read file gets a new run id) and the size of the stage's output.</summary>
        public static readonly string[] InputSignature =
        [
            "SELECT count(*), sum(hash(file_id, line_no, run_id)) FROM records", "SELECT count(*) FROM messages", "SELECT count(*) FROM api_calls",
            "SELECT count(*) FROM derived_files",
        ];

        /// <summary>Sessions with a cost state.</summary>
        public const string CostStateSessions = "SELECT count(DISTINCT session_id) FROM cost_states";

        /// <summary>Prompts a person typed, duplicates not counted (stage 4's candidates).</summary>
        public static readonly string HumanPrompts =
            $"SELECT count(*) FROM messages WHERE kind IN ({MessageKindNames.HumanTypedSqlList}) AND NOT is_duplicate";
    }

    /// <summary>The slices of changed files, and the files of a slice as a temp table with the row ids they occupy.</summary>
    internal static class Slices
    {
        /// <summary>
        /// The files stage 2 must derive again: those whose records' signature (count, and a hash of line numbers and run ids)
        /// differs from <c>derived_files</c>, those with no records left, and those derived with other rules or prices than
        /// <c>$derived_with</c>; in the order their records are stored, files without records last. One narrow scan of records
        /// grouped by file.
        /// </summary>
        public static readonly string ChangedFiles = $"""
            WITH current AS (
                SELECT file_id, count(*) AS records, count(*)::VARCHAR || ':' || sum(hash(line_no, run_id))::VARCHAR AS signature,
                       {SliceRows.StorageOrder} AS stored_at
                FROM records GROUP BY file_id
            )
            SELECT coalesce(c.file_id, d.file_id) AS file_id, coalesce(c.records, 0) AS records, c.signature
            FROM current c FULL JOIN derived_files d ON d.file_id = c.file_id
            WHERE c.signature IS DISTINCT FROM d.records_signature OR d.derived_with IS DISTINCT FROM $derived_with
            ORDER BY c.stored_at NULLS LAST, 1
            """;

        /// <summary>
        /// One file's (<c>$file</c>) lines with their bytes (to the next stored line's offset, or to the end of what was
        /// ingested), all of them or, with <c>$unclassified_only</c>, those without a <c>messages</c> row, in line order
        /// (<see cref="LineParts"/> cuts them into parts).
        /// </summary>
        public const string FileLines = """
            WITH lines AS (
                SELECT line_no,
                       greatest(coalesce(lead(byte_offset) OVER (ORDER BY line_no), (SELECT ingested_offset FROM files WHERE file_id = $file)) - byte_offset, 0) AS bytes
                FROM records WHERE file_id = $file
            )
            SELECT l.line_no, l.bytes FROM lines l
            WHERE NOT $unclassified_only OR NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = $file AND m.line_no = l.line_no)
            ORDER BY l.line_no
            """;

        /// <summary>Creates (or empties) a slice's table of file ids.</summary>
        public static string Create(string sliceTable) => $"CREATE OR REPLACE TEMP TABLE {sliceTable} (file_id VARCHAR NOT NULL)";

        /// <summary>Inserts <paramref name="count"/> file ids into a slice's table, bound as <c>$f0</c>, <c>$f1</c>, ….</summary>
        public static string InsertFiles(string sliceTable, int count) =>
            $"INSERT INTO {sliceTable} VALUES " + string.Join(", ", Enumerable.Range(0, count).Select(i => $"($f{i})"));

        /// <summary>
        /// The first and last row id of the slice's rows in a stored table (records or content_blocks) whose line numbers lie
        /// between <c>$first_line</c> and <c>$last_line</c>; 0 and -1 (an empty range) when it has none.
        /// </summary>
        public static string RowRange(string storedTable, string sliceTable) => $"""
            SELECT coalesce(min(rowid), 0) AS first_row, coalesce(max(rowid), -1) AS last_row FROM {storedTable}
            WHERE file_id IN (SELECT file_id FROM {sliceTable}) AND line_no BETWEEN $first_line AND $last_line
            """;

        /// <summary>Forgets what the slice's files were derived from, before it is written anew.</summary>
        public static readonly string ForgetDerived = $"DELETE FROM derived_files WHERE {InSlice}";

        /// <summary>Drops the slice's files once it is derived.</summary>
        public const string DropDerive = $"DROP TABLE {DerivedFiles.SliceTable}";
    }

    /// <summary>Classification: the records without a <c>messages</c> row, a slice of files at a time.</summary>
    internal static class Classification
    {
        /// <summary>The temp table naming the files of the slice being classified.</summary>
        public const string SliceTable = "classify_slice";

        /// <summary>
        /// Removes the classifications of records that no longer exist. A message row belongs to the record as ingested by
        /// one run: a file re-read whole gives its lines a new run id, so their old classification goes even when the same
        /// line numbers come back.
        /// </summary>
        public const string RemoveStale = """
            DELETE FROM messages m WHERE NOT EXISTS (
                SELECT 1 FROM records r WHERE r.file_id = m.file_id AND r.line_no = m.line_no AND r.run_id = m.ingest_run_id)
            """;

        /// <summary>
        /// The files with records not classified yet, in the order their records are stored: each file's new records and
        /// the bytes from its first new line to the end of what was ingested (exact for new files and appends, an upper
        /// bound otherwise, and cheap: no window over the corpus's lines).
        /// </summary>
        public const string PendingFiles = """
            SELECT r.file_id, count(*) AS pending, greatest(any_value(f.ingested_offset) - min(r.byte_offset), 0) AS bytes FROM records r
            JOIN files f ON f.file_id = r.file_id
            WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = r.file_id AND m.line_no = r.line_no)
            GROUP BY r.file_id ORDER BY min(r.rowid), r.file_id
            """;

        /// <summary>
        /// One row per block of each new record in the slice (one row with null block columns for a record without
        /// blocks), in record and block order: the record's rows are consecutive, so each is read row at a time and no
        /// text is gathered into a list (a 20 MB text listed and sorted by group needed several copies at once). Only the
        /// text of text and thinking blocks is read, and of the tool results that may quote a person (a prefix test):
        /// tool results and inputs can be huge and are otherwise not classified by their text. Raw JSON is not read here.
        /// Records and blocks are found by the slice's ranges of row ids first, then by its files.
        /// </summary>
        public static readonly string Slice = $"""
            SELECT r.file_id, r.line_no, r.type, r.subtype, r.uuid, r.parent_uuid, r.session_id, r."timestamp",
                   coalesce(r.is_sidechain, false) AS is_sidechain, r.agent_id, r.message_role, r.message_model,
                   coalesce(r.is_meta, false) AS is_meta, coalesce(r.is_compact_summary, false) AS is_compact_summary,
                   coalesce(r.is_api_error_message, false) AS is_api_error_message, r.origin_kind, r.entrypoint,
                   r.run_id, f.project, r.turn_origin, r.prompt_source,
                   b.block_type, b.text AS block_text, coalesce(b.quotes_answers, false) AS quotes_answers, r.rowid AS record_rowid, r.agent
            FROM records r
            JOIN files f ON f.file_id = r.file_id
            LEFT JOIN (
                -- The texts are chosen before the join, so that the join carries only those read (a tool result's
                -- text, often the largest of its line, is otherwise carried whole into the join's table).
                SELECT b.file_id, b.line_no, b.block_index, b.block_type,
                       CASE WHEN b.block_type IN ('text', 'thinking') THEN b.text
                            WHEN b.block_type = 'tool_result' AND {ToolResultTypedText.SqlCandidateCondition} THEN b.text END AS text,
                       b.block_type = 'tool_result' AND {ToolResultTypedText.SqlQuotesAnswersCondition} AS quotes_answers
                FROM content_blocks b
                WHERE b.rowid BETWEEN $first_block AND $last_block AND b.file_id IN (SELECT file_id FROM {SliceTable})
                  AND b.line_no BETWEEN $first_line AND $last_line
            ) b ON b.file_id = r.file_id AND b.line_no = r.line_no
            WHERE r.rowid BETWEEN $first_record AND $last_record AND r.file_id IN (SELECT file_id FROM {SliceTable})
              AND r.line_no BETWEEN $first_line AND $last_line
              AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = r.file_id AND m.line_no = r.line_no)
            ORDER BY r.file_id, r.line_no, b.block_index
            """;

        /// <summary>
        /// The toolUseResult of one line, read from its raw JSON alone (a narrow point query): DuckDB's JSON functions
        /// need a few times a line's size, so they never run over the raw text of lines that do not need them.
        /// </summary>
        private const string ToolUseResult =
            "SELECT CASE WHEN json_valid(raw) THEN json_extract(raw, '$.toolUseResult')::VARCHAR END AS tool_use_result FROM records WHERE ";

        /// <summary><see cref="ToolUseResult"/> found by row id (<c>$row</c>), file and line: only its vector's raw text is read.</summary>
        public const string ToolUseResultByRow = ToolUseResult + "rowid = $row AND file_id = $file AND line_no = $line";

        /// <summary><see cref="ToolUseResult"/> found by file and line alone, for when a checkpoint renumbered the rows.</summary>
        public const string ToolUseResultByLine = ToolUseResult + "file_id = $file AND line_no = $line";

        /// <summary>Drops the slice's files once every slice is classified.</summary>
        public const string DropSlice = $"DROP TABLE IF EXISTS {SliceTable}";
    }

    /// <summary>The file-wide part of classification (<see cref="FileWideClassification"/>).</summary>
    internal static class FileWide
    {
        /// <summary>The temp table of the sessions given to files' rows without one.</summary>
        public const string SessionsTable = "file_session_fill";

        /// <summary>
        /// Each file with message rows that have no session yet: its path and the last sessionId its records carry
        /// (null when none does). Found by a narrow scan of <c>messages</c>; only those files' records are read.
        /// </summary>
        public const string FilesWithoutSession = """
            WITH pending AS (SELECT DISTINCT file_id FROM messages WHERE session_id IS NULL)
            SELECT f.file_id, f.relative_path, s.session_id FROM files f
            JOIN pending p ON p.file_id = f.file_id
            LEFT JOIN (
                SELECT file_id, arg_max(session_id, line_no) FILTER (WHERE session_id IS NOT NULL) AS session_id
                FROM records WHERE file_id IN (SELECT file_id FROM pending) GROUP BY file_id
            ) s ON s.file_id = f.file_id
            """;

        /// <summary>Gives the rows without a session their file's.</summary>
        public const string FillSessions = $"""
            UPDATE messages SET session_id = s.session_id FROM {SessionsTable} s
            WHERE messages.file_id = s.file_id AND messages.session_id IS NULL
            """;

        public const string DropSessions = $"DROP TABLE {SessionsTable}";

        /// <summary>A Claude Code prompt with only its plain text to speak for it, in a file whose records carry a person's origin: medium confidence.</summary>
        public const string OriginMissing = $"""
            UPDATE messages SET confidence = 'medium', confidence_reason = '{MessageClassifier.OriginMissingReason}'
            WHERE agent = 'claude_code' AND confidence_reason = '{MessageClassifier.PlainTextReason}'
              AND file_id IN (SELECT DISTINCT file_id FROM records WHERE {MessageClassifier.SqlPersonOrigin})
            """;
    }

    /// <summary>The narrow key tables <c>usage_lines</c> and <c>uuidless_lines</c>, and the keys a slice touches.</summary>
    internal static class KeyTables
    {
        /// <summary>
        /// The slice's records by the range of row ids they occupy first (<see cref="SliceRows"/>): DuckDB then skips the
        /// vectors of records outside it before it reads their columns (a semi-join alone reads every record, once per slice).
        /// </summary>
        private static readonly string RecordsInSlice = $"r.rowid BETWEEN $first_record AND $last_record AND r.{InSlice}";

        /// <summary>
        /// The slice's assistant lines with usage into <c>usage_lines</c>, typed (tokens defaulted to 0, an unsplit cache write only
        /// when neither split is given); <c>&lt;synthetic&gt;</c> lines are not calls. Records found by their row ids, bound as <c>$first_record</c>, <c>$last_record</c>.
        /// </summary>
        public static readonly string OwnUsageLines = $"""
            INSERT INTO usage_lines
            SELECT r.file_id, r.line_no, r.uuid, r.parent_uuid, r.message_id, r.request_id, r.message_model, r.session_id, r.agent_id,
                   coalesce(r.is_sidechain, false), r."timestamp",
                   coalesce(r.input_tokens, 0), coalesce(r.output_tokens, 0),
                   coalesce(r.cache_creation_5m_tokens, 0), coalesce(r.cache_creation_1h_tokens, 0),
                   CASE WHEN r.cache_creation_5m_tokens IS NULL AND r.cache_creation_1h_tokens IS NULL
                        THEN coalesce(r.cache_creation_tokens, 0) ELSE 0 END,
                   coalesce(r.cache_read_tokens, 0), r.speed, r.cost_usd,
                   coalesce(r.is_api_error_message, false), r.stop_reason, false
            FROM records r
            WHERE {RecordsInSlice} AND r.type = 'assistant' AND (r.input_tokens IS NOT NULL OR r.output_tokens IS NOT NULL)
              AND coalesce(r.message_model, '') <> '<synthetic>'
            """;

        /// <summary>
        /// A subagent's call as its parent's progress record copies it (<c>data.message</c>): see <see cref="ApiCallBuilder"/>.
        /// Stage 1 reads the copy in its walk of the line (<c>progress_copies</c>, one row per progress line that copies a call
        /// with usage, the agent id and time already falling back to the line's own), so no raw JSON is read here.
        /// </summary>
        public static readonly string ProgressCopies = $"""
            INSERT INTO usage_lines
            SELECT file_id, line_no, NULL, NULL, message_id, request_id, model, session_id, agent_id, true, "timestamp",
                   input_tokens, output_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens, cache_creation_unsplit_tokens,
                   cache_read_tokens, speed, NULL::DOUBLE, false, stop_reason, true
            FROM progress_copies
            WHERE {InSlice}
            """;

        /// <summary>
        /// Lines without uuid (or with an empty one, which stage 3 treats alike), with the session stage 2 gave them, and the
        /// SHA-256 stage 1 stored for each such line (<c>records.raw_sha256</c>): only that narrow column of the slice's records
        /// is read, never their raw text.
        /// </summary>
        public static readonly string UuidlessLines = $"""
            INSERT INTO uuidless_lines
            WITH raw_hashes AS (
                SELECT r.file_id, r.line_no, r.raw_sha256 FROM records r WHERE {RecordsInSlice} AND r.raw_sha256 IS NOT NULL
            )
            SELECT m.file_id, m.line_no, m.session_id, m.record_type, m.uuid IS NULL, h.raw_sha256
            FROM messages m JOIN raw_hashes h ON h.file_id = m.file_id AND h.line_no = m.line_no
            WHERE m.{InSlice} AND m.block_index IS NULL AND nullif(m.uuid, '') IS NULL
            """;

        /// <summary>The message ids of the slice's usage lines into <see cref="DerivedKeyTables.TouchedCallKeys"/> (run before the refresh and after).</summary>
        public static readonly string CallKeysOfSlice =
            $"INSERT INTO {DerivedKeyTables.TouchedCallKeys} SELECT DISTINCT message_id FROM usage_lines WHERE {InSlice} AND message_id IS NOT NULL";

        /// <summary>The keys of the slice's lines without uuid into <see cref="DerivedKeyTables.TouchedLineKeys"/> (run before the refresh and after).</summary>
        public static readonly string LineKeysOfSlice = $"""
            INSERT INTO {DerivedKeyTables.TouchedLineKeys}
            SELECT DISTINCT session_id, record_type, raw_sha256 FROM uuidless_lines WHERE {InSlice} AND uuid_is_null
            """;

        /// <summary>Creates the (empty) touched call keys.</summary>
        public const string CreateTouchedCallKeys = $"CREATE OR REPLACE TEMP TABLE {DerivedKeyTables.TouchedCallKeys} (message_id VARCHAR)";

        /// <summary>Creates the (empty) touched line keys.</summary>
        public const string CreateTouchedLineKeys = $"CREATE OR REPLACE TEMP TABLE {DerivedKeyTables.TouchedLineKeys} (session_id VARCHAR, record_type VARCHAR, raw_sha256 VARCHAR)";

        /// <summary>Removes the slice's rows of <c>usage_lines</c>, before they are written again.</summary>
        public static readonly string DeleteUsageLines = $"DELETE FROM usage_lines WHERE {InSlice}";

        /// <summary>Removes the slice's rows of <c>uuidless_lines</c>, before they are written again.</summary>
        public static readonly string DeleteUuidlessLines = $"DELETE FROM uuidless_lines WHERE {InSlice}";

        /// <summary>Drops the touched call keys once the slice is derived.</summary>
        public const string DropTouchedCallKeys = $"DROP TABLE IF EXISTS {DerivedKeyTables.TouchedCallKeys}";

        /// <summary>Drops the touched line keys once the slice is derived.</summary>
        public const string DropTouchedLineKeys = $"DROP TABLE IF EXISTS {DerivedKeyTables.TouchedLineKeys}";
    }

    /// <summary>The duplicate rules, each kept apart in <c>duplicate_rule_marks</c>, and the marks written to <c>messages</c>.</summary>
    internal static class Duplicates
    {
        /// <summary>The rows whose mark is written again (temp table): the slice's rows and every row of a group a rule evaluated again.</summary>
        public const string Touched = "duplicate_touched";

        /// <summary>A mark kept in the slice's files: its group is evaluated again, since the kept copy may have changed.</summary>
        private static readonly string KeptInSlice = DerivedFiles.InSlice("d.kept_file");

        /// <summary>Marks of a rule that may change: those of the slice's rows, of rows sharing a touched key, and of rows kept in the slice.</summary>
        private static string DeleteMarks(int priority, string groupTable) => $"""
            DELETE FROM duplicate_rule_marks d
            WHERE d.priority = {priority}
              AND (d.{InSlice} OR {KeptInSlice}
                   OR EXISTS (SELECT 1 FROM {groupTable} g WHERE g.file_id = d.file_id AND g.line_no = d.line_no))
            """;

        /// <summary>Adds a group's rows to the touched rows, whose marks are written again.</summary>
        private static string TouchGroup(string groupTable) => $"INSERT INTO {Touched} SELECT file_id, line_no FROM {groupTable}";

        /// <summary>When each file of a group started (its earliest record), for the "kept is the earliest session" order.</summary>
        private static string Starts(string groupTable) => $"""
            starts AS (
                SELECT m.file_id, min(m.timestamp_utc) AS started FROM messages m
                WHERE m.block_index IS NULL AND m.file_id IN (SELECT DISTINCT file_id FROM {groupTable})
                GROUP BY m.file_id
            )
            """;

        /// <summary>
        /// Rule 1, <c>resumed_replay</c> (priority 1): the rows sharing a uuid with the slice's rows or with a row kept in it
        /// (temp table <c>resumed_group</c>); each copy but the one of the earliest-started file (then path, then line) is marked.
        /// </summary>
        public static readonly string[] ResumedReplay =
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

        /// <summary>
        /// Rule 2, <c>sidechain_replay</c>: the assistant lines sharing a message.id with the slice's (temp table
        /// <c>sidechain_group</c>); a sidechain line repeating a main-chain line's message.id under another requestId is marked,
        /// the main-chain line kept.
        /// </summary>
        public static readonly string[] SidechainReplay =
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

        /// <summary>Kinds that queued input is also written as (the queue's own line is compared with them).</summary>
        private static readonly string QueuedInputKinds =
            MessageKindNames.SqlList([MessageKind.Steering, MessageKind.HumanPrompt, MessageKind.SlashCommand]);

        /// <summary>
        /// Rule 3, <c>steering_written_twice</c>: a queue-operation whose text (or slash command) is written again in the same
        /// file as an attachment, a later prompt or an earlier queue-operation. Within one file: the slice's files are the whole group.
        /// </summary>
        public static readonly string[] SteeringWrittenTwice =
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

        /// <summary>
        /// Rule 4, <c>copied_line</c>: lines without uuid whose session, type and SHA-256 match a touched line key
        /// (<see cref="DerivedKeyTables.TouchedLineKeys"/>) or a row kept in the slice (temp table <c>copied_group</c>); every
        /// copy outside the earliest-started file is marked.
        /// </summary>
        public static readonly string[] CopiedLine =
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

        /// <summary>The agents whose forked sessions replay their parent's lines under the fork's own session (Codex's rollouts).</summary>
        private static readonly string ForkReplayingAgents = Warehouse.SqlNameList.Of(
            Sources.TranscriptSources.All.Where(source => source.ForksReplayParentLines).Select(source => Sources.AgentNames.ToName(source.Agent)));

        /// <summary>
        /// Rule 5, <c>forked_replay</c>: a Codex rollout forked from another (or a subagent's) starts by replaying its
        /// parent's lines byte for byte, under the fork's own session (a Codex line names no session; its file does). Codex
        /// lines whose type and SHA-256 match a line of the slice's Codex files, or a row kept in the slice (temp table
        /// <c>forked_group</c>), are one line: every copy outside the earliest-started file (then path) is marked, the rule
        /// Codex's usage applies to replayed token counts (<c>CodexUsageSql</c>). Claude Code and Gemini CLI rows never match.
        /// </summary>
        public static readonly string[] ForkedReplay =
        [
            $"""
            CREATE OR REPLACE TEMP TABLE forked_group AS
            WITH codex_lines AS (
                SELECT u.file_id, u.line_no, u.record_type, u.raw_sha256 FROM uuidless_lines u
                SEMI JOIN files f ON f.file_id = u.file_id AND f.agent IN ({ForkReplayingAgents})
                WHERE u.uuid_is_null
            ),
            line_keys AS (
                SELECT record_type, raw_sha256 FROM codex_lines WHERE {InSlice}
                UNION
                SELECT c.record_type, c.raw_sha256 FROM duplicate_rule_marks d
                JOIN codex_lines c ON c.file_id = d.file_id AND c.line_no = d.line_no
                WHERE d.priority = 5 AND {KeptInSlice}
            )
            SELECT c.file_id, c.line_no, c.record_type, c.raw_sha256 FROM codex_lines c
            SEMI JOIN line_keys k ON k.record_type = c.record_type AND k.raw_sha256 = c.raw_sha256
            """,
            DeleteMarks(5, "forked_group"),
            $"""
            INSERT INTO duplicate_rule_marks
            WITH {Starts("forked_group")},
            ranked AS (
                SELECT g.file_id, g.line_no,
                       first_value(g.file_id) OVER w AS kept_file, first_value(g.line_no) OVER w AS kept_line
                FROM forked_group g JOIN starts s ON s.file_id = g.file_id JOIN files f ON f.file_id = g.file_id
                WINDOW w AS (PARTITION BY g.record_type, g.raw_sha256 ORDER BY s.started NULLS LAST, f.path, g.line_no)
            )
            SELECT file_id, line_no, 5, 'forked_replay', kept_file, kept_line FROM ranked WHERE file_id <> kept_file
            """,
            TouchGroup("forked_group"),
            "DROP TABLE forked_group",
        ];

        /// <summary>Writes the mark of highest precedence on every touched row whose mark changed; returns the rows written.</summary>
        public static readonly string ApplyMarks = $"""
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

        /// <summary>Creates the (empty) touched rows.</summary>
        public const string CreateTouched = $"CREATE OR REPLACE TEMP TABLE {Touched} (file_id VARCHAR, line_no BIGINT)";

        /// <summary>Touches every record row of the slice's files: they all take their mark again (new rows start unmarked; a rule may no longer hold).</summary>
        public static readonly string TouchSlice = $"INSERT INTO {Touched} SELECT file_id, line_no FROM messages WHERE {InSlice} AND block_index IS NULL";

        /// <summary>Drops the touched rows once the marks are written.</summary>
        public const string DropTouched = $"DROP TABLE {Touched}";

        /// <summary>Marked message rows by reason, over the whole table (one narrow aggregate).</summary>
        public const string CountsByReason = "SELECT duplicate_reason, count(*) AS marked FROM messages WHERE is_duplicate GROUP BY 1";
    }

    /// <summary>API calls: the touched calls computed again from <c>usage_lines</c>.</summary>
    internal static class ApiCalls
    {
        /// <summary>
        /// The calls the slice touches, deduplicated by ccusage 20's rules (<see cref="ApiCallBuilder"/>), from
        /// <c>usage_lines</c> and <c>files</c>: every usage line of a touched message id (<see cref="DerivedKeyTables.TouchedCallKeys"/>)
        /// and the slice's lines without one, grouped, each group's usage taken from one line, replays dropped. One row per
        /// call, in path and line order, priced in .NET.
        /// </summary>
        public static readonly string Calls = $$"""
            WITH lines AS (
                -- The calls the slice touches: every usage line of a touched message id, whatever its file, and the
                -- slice's lines without message id (their calls never leave their file).
                SELECT u.file_id, u.line_no, u.uuid, u.parent_uuid, u.message_id, u.request_id, u.model, f.project, u.session_id,
                       f.relative_path, f.path, u.agent_id, u.is_sidechain, u."timestamp",
                       u.input_tokens AS input, u.output_tokens AS output, u.cache_creation_5m_tokens AS c5m, u.cache_creation_1h_tokens AS c1h,
                       u.cache_creation_unsplit_tokens AS cflat, u.cache_read_tokens AS cread, u.speed, u.cost_usd,
                       u.is_api_error AS is_error, u.stop_reason, u.is_progress_copy AS is_copy
                FROM usage_lines u JOIN files f ON f.file_id = u.file_id
                WHERE u.message_id IN (SELECT message_id FROM {{DerivedKeyTables.TouchedCallKeys}})
                   OR (u.message_id IS NULL AND u.{{DerivedFiles.InSlice("file_id")}})
            ),
            totals AS (
                SELECT *, input + output + c5m + c1h + cflat + cread AS total,
                       message_id IS NULL AND request_id IS NULL AS no_ids
                FROM lines
            ),
            idless AS (
                -- Lines without message.id and requestId: one response written block by block chains each line to the
                -- previous one (parentUuid) and repeats model and usage, so exactly that shape is merged; nothing else is.
                SELECT *, CASE WHEN no_ids AND lag(uuid) OVER w = parent_uuid AND lag(model) OVER w IS NOT DISTINCT FROM model
                                    AND lag(input) OVER w = input AND lag(output) OVER w = output AND lag(c5m) OVER w = c5m
                                    AND lag(c1h) OVER w = c1h AND lag(cflat) OVER w = cflat AND lag(cread) OVER w = cread
                               THEN 0 ELSE 1 END AS starts_call
                FROM totals
                WINDOW w AS (PARTITION BY file_id, no_ids ORDER BY line_no)
            ),
            keyed AS (
                SELECT *, CASE WHEN message_id IS NOT NULL THEN message_id
                               WHEN no_ids THEN file_id || ':n' || (sum(starts_call) OVER (PARTITION BY file_id, no_ids ORDER BY line_no ROWS UNBOUNDED PRECEDING))::VARCHAR
                               ELSE file_id || ':' || line_no::VARCHAR END AS call_key
                FROM idless
            ),
            grouped AS (
                SELECT *, count(*) OVER g AS group_lines, bool_or(stop_reason IS NOT NULL) OVER g AS group_finalized,
                       row_number() OVER (PARTITION BY call_key, coalesce(request_id, '')
                           ORDER BY is_copy, is_sidechain, total DESC, output DESC, c1h DESC, (speed IS NOT NULL) DESC, path, line_no) AS rank_in_group
                FROM keyed
                WHERE NOT (is_error AND total = 0)
                WINDOW g AS (PARTITION BY call_key, coalesce(request_id, ''))
            ),
            calls AS (
                SELECT *, bool_or(NOT is_sidechain) OVER (PARTITION BY call_key) AS key_has_main,
                       row_number() OVER (PARTITION BY call_key ORDER BY is_copy, total DESC, path, line_no) AS rank_in_key
                FROM grouped WHERE rank_in_group = 1
            )
            SELECT message_id, request_id, model, project, session_id, relative_path, agent_id, is_sidechain, "timestamp",
                   input, output, c5m, c1h, cflat, cread, total, speed, cost_usd, group_lines, file_id, line_no,
                   CASE WHEN is_copy THEN '{{UsageSources.ProgressCopy}}' WHEN no_ids THEN '{{UsageSources.NoIds}}' ELSE '{{UsageSources.Line}}' END AS usage_source,
                   is_sidechain AND NOT is_copy AND NOT group_finalized AS output_unfinalized
            FROM calls
            WHERE NOT is_sidechain OR (NOT key_has_main AND rank_in_key = 1)
            ORDER BY path, line_no
            """;

        /// <summary>The calls the slice touches, removed before they are computed again.</summary>
        public static readonly string DeleteTouched = $"""
            DELETE FROM api_calls
            WHERE message_id IN (SELECT message_id FROM {DerivedKeyTables.TouchedCallKeys})
               OR (message_id IS NULL AND {DerivedFiles.InSlice("file_id")})
            """;

        /// <summary>What <c>api_calls</c> holds now, for the stage's metrics: calls, unpriced, progress copies, id-less lines and tokens, unfinalised outputs.</summary>
        public const string Statistics = $"""
            SELECT count(*) AS calls, count(*) FILTER (WHERE NOT is_priced) AS unpriced,
                   count(*) FILTER (WHERE usage_source = '{UsageSources.ProgressCopy}') AS progress_copies,
                   coalesce(sum(lines) FILTER (WHERE usage_source = '{UsageSources.NoIds}'), 0)::BIGINT AS no_id_lines,
                   coalesce(sum(total_tokens) FILTER (WHERE usage_source = '{UsageSources.NoIds}'), 0)::BIGINT AS no_id_tokens,
                   coalesce(sum(total_tokens), 0)::BIGINT AS total_tokens,
                   count(*) FILTER (WHERE output_unfinalized) AS output_unfinalized
            FROM api_calls
            """;
    }

    /// <summary>Claude Code's own cost states: the last snapshot of each touched session.</summary>
    internal static class CostStates
    {
        /// <summary>The sessions the slice touches: those of its snapshots, and those whose counted snapshot was in its files.</summary>
        public static readonly string TouchedSessions = $"""
            CREATE OR REPLACE TEMP TABLE cost_state_sessions AS
            SELECT session_id FROM records WHERE {InSlice} AND type = 'cost-state' AND session_id IS NOT NULL
            UNION
            SELECT session_id FROM cost_states WHERE {InSlice}
            """;

        /// <summary>
        /// The last snapshot of each touched session, chosen on narrow columns; only the chosen lines' raw JSON is read,
        /// found by row id (in the same statement, so the same snapshot): the join's range of row ids then reaches the
        /// scan of records, which skips the raw text of every vector outside it (joined on file and line, it read all).
        /// </summary>
        public const string LastSnapshots = """
            WITH last AS (
                SELECT r.session_id, r.file_id, r.line_no, r.rowid AS row_id FROM records r JOIN files f ON f.file_id = r.file_id
                WHERE r.type = 'cost-state' AND r.session_id IN (SELECT session_id FROM cost_state_sessions)
                QUALIFY row_number() OVER (PARTITION BY r.session_id ORDER BY f.path DESC, r.line_no DESC) = 1
            )
            SELECT l.session_id, r.raw, l.file_id, l.line_no
            FROM last l JOIN records r ON r.rowid = l.row_id
            ORDER BY l.session_id
            """;

        /// <summary>Removes the touched sessions' rows of <c>cost_states</c>, before they are computed again.</summary>
        public const string DeleteTouched = "DELETE FROM cost_states WHERE session_id IN (SELECT session_id FROM cost_state_sessions)";

        /// <summary>Whether the slice touches any session with snapshots (most slices touch none: files from before cost-state records).</summary>
        public const string AnyTouched = "SELECT EXISTS (SELECT 1 FROM cost_state_sessions)";

        /// <summary>Drops the touched sessions.</summary>
        public const string DropTouched = "DROP TABLE cost_state_sessions";
    }
}
