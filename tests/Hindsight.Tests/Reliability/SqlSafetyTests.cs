using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hindsight.Stages.Extract;
using Hindsight.Stages.Stage;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// No user-supplied string reaches SQL as text: an audit of every interpolated SQL string in src/ (each hole
/// must be a known constant), and the user-facing inputs (database path, memory limit, report filters,
/// project names, `hindsight query`) tried with strings that would break out if they were spliced in.
/// </summary>
public sealed partial class SqlSafetyTests
{
    /// <summary>
    /// Every hole found in an interpolated string that holds SQL in src/, with why it is safe. A new hole
    /// fails the audit until it is added here: if it carries anything a user typed, use a parameter instead.
    /// </summary>
    private static readonly Dictionary<string, string> SafeHoles = new(StringComparer.Ordinal)
    {
        ["CandidatesTable"] = "a const table name (IdentitySql)",
        ["Stale"] = "a const SQL fragment (IdentitySql)",
        ["MessageKey"] = "a static SQL fragment built from constants (IdentitySql)",
        ["EntityKeys.SourceName"] = "a const",
        ["EntityKeys.SourceNamesSql"] = "the agents' names, a closed enum's mapping (AgentNames), quoted",
        ["EntityKeys.SessionType"] = "a const",
        ["EntityKeys.MessageType"] = "a const",
        ["EntityKeys.ContentBlockType"] = "a const",
        ["EntityKeys.SessionLevel"] = "a const",
        ["EntityKeys.MessageLevel"] = "a const",
        ["EntityKeys.ContentBlockLevel"] = "a const",
        ["EntityKeys.TypedTextType"] = "a const",
        ["EntityKeys.TypedTextLevel"] = "a const",
        ["ToolResultTypedText.SqlCandidateCondition"] = "a const SQL condition over a block's text (ToolResultTypedText)",
        ["ToolResultTypedText.SqlQuotesAnswersCondition"] = "a const SQL condition over a block's text (ToolResultTypedText)",
        ["SessionsTable"] = "a const temp table name (CleanSql.FileWide)",
        ["MessageClassifier.OriginMissingReason"] = "a const confidence reason (MessageClassifier)",
        ["MessageClassifier.PlainTextReason"] = "a const confidence reason (MessageClassifier)",
        ["MessageClassifier.SqlPersonOrigin"] = "a const SQL condition over records' origin_kind (MessageClassifier)",
        ["table"] = "ExtractSql: a table name from ExtractionUndo.LineKeyedTables (records, content_blocks, dead_letters, progress_copies) or the literal file_blocks",
        ["Eligible"] = "a const SQL fragment (CorrectionTargetReader)",
        ["KindList"] = "a static list of literal kind names from MessageKindNames' mapping (SearchSql)",
        ["(withProfiles ? \"profile_json\" : \"NULL AS profile_json\")"] = "one of two literals (DiscoverSql.LoadFileStates)",
        ["CorrectionTargetReader.Kept"] = "the same static list, read by the sink (WarehouseCorrectionSink)",
        ["Kept"] = "a static list of two literal status names from CorrectionStatusNames' mapping (CorrectionTargetReader)",
        ["Final"] = "a static list of the settled status names from CorrectionStatusNames' mapping (CorrectionTargetReader)",
        ["QueuedInputKinds"] = "a static list of three literal kind names from MessageKindNames' mapping (DuplicateMarker)",
        ["ForkReplayingAgents"] = "the stored names of the agents whose sources say their forks replay parent lines (AgentNames of a closed enum), quoted by SqlNameList (DuplicateMarker's forked_replay)",
        ["AgentOf(hasAgents)"] = "HtmlReportSql: the literal column m.agent, or the literal 'claude_code' on a warehouse before migration 19",
        ["MessageKindNames.HumanTypedSqlList"] = "a static list of five literal kind names from MessageKindNames' mapping",
        ["PromptConfidenceNames.SqlRank(\"m.confidence\")"] = "a CASE over the literal confidence names of PromptConfidenceNames' mapping, on a literal column",
        ["Table"] = "TableLayout: a table name from code, accepted only as a plain lower-case identifier",
        ["ColumnDefinitions"] = "TableLayout: column names accepted only as plain lower-case identifiers (and quoted), with the layout's own SQL type names",
        ["Desired"] = "a const SQL fragment (StagedTableBuilder)",
        ["keyword"] = "ReadOnlySql: an error message that names SQL keywords, not SQL",
        ["UsageSources.Line"] = "a const literal usage source (UsageSources)",
        ["UsageSources.ProgressCopy"] = "a const literal usage source (UsageSources)",
        ["UsageSources.NoIds"] = "a const literal usage source (UsageSources)",
        ["table.Name"] = "SourceForgetter: a table name from its constant list",
        ["table.Where"] = "SourceForgetter: one of two constant conditions over its temp tables",
        ["PositionColumns"] = "ExtractSql: a const list of files' position columns",
        ["Warehouse.SqlLiteral(target)"] = "StorageRewrite: the warehouse path + a const suffix, as a quoted SQL string literal (ATTACH takes no parameter)",
        ["SqlLiteral(fullPath)"] = "Warehouse: the warehouse's own path, as a quoted SQL string literal (ATTACH takes no parameter)",
        ["AttachedName"] = "Warehouse: a const catalog name",
        ["options.RowGroupSize"] = "Warehouse: an int option",
        ["Target"] = "StorageRewrite: a const catalog name",
        ["StorageVersion.Target"] = "a const storage version",
        ["Identifier(source)"] = "StorageRewrite: the old file's catalog name from current_database(), as a quoted identifier",
        ["Identifier(table.Name)"] = "StorageRewrite: a table name from DuckDB's catalog of the warehouse, as a quoted identifier",
        ["sourceTable"] = "StorageRewrite: catalog and table names as quoted identifiers (above)",
        ["targetTable"] = "StorageRewrite: a const catalog name and a quoted table name (above)",
        ["table.ColumnList"] = "StorageRewrite: column names from DuckDB's catalog of the warehouse, each a quoted identifier",
        ["columnList"] = "StorageRewrite: the same column list",
        ["qualifiedTable"] = "StorageRewrite: sourceTable or targetTable (above)",
        ["DerivedFiles.SliceTable"] = "a const temp table name (DerivedFiles)",
        ["SliceTable"] = "the same const, inside DerivedFiles; or CleanSql.Classification's const classify_slice",
        ["fileIdColumn"] = "DerivedFiles.InSlice: a column name, a string literal at every call site",
        ["InSlice(\"file_id\")"] = "DerivedFiles.InSlice over a literal column name",
        ["DerivedFiles.InSlice(\"file_id\")"] = "the same, qualified",
        ["InSlice"] = "a static condition: DerivedFiles.InSlice over a literal column name (CleanSql)",
        ["RecordsInSlice"] = "a static condition: a parameterised range and DerivedFiles.InSlice (CleanSql.KeyTables)",
        ["KeptInSlice"] = "the same over the literal column d.kept_file (CleanSql.Duplicates)",
        ["sliceTable"] = "CleanSql.Slices: a const temp table name (DerivedFiles.SliceTable or CleanSql.Classification.SliceTable)",
        ["storedTable"] = "CleanSql.Slices.RowRange: one of the literal table names records, content_blocks (SliceRows)",
        ["SliceRows.StorageOrder"] = "a const SQL expression (SliceRows)",
        ["SliceRawValues"] = "a const temp table name (DerivedKeyTables)",
        ["DerivedKeyTables.TouchedCallKeys"] = "a const temp table name (DerivedKeyTables)",
        ["DerivedKeyTables.TouchedLineKeys"] = "a const temp table name (DerivedKeyTables)",
        ["Touched"] = "a const temp table name (CleanSql.Duplicates)",
        ["priority"] = "CleanSql.Duplicates: an int, one of the rules' literal priorities 1-4",
        ["groupTable"] = "CleanSql.Duplicates: one of three literal temp table names",
        ["Starts(\"resumed_group\")"] = "CleanSql.Duplicates: a SQL fragment over a literal temp table name",
        ["Starts(\"copied_group\")"] = "CleanSql.Duplicates: a SQL fragment over a literal temp table name",
        ["Starts(\"forked_group\")"] = "CleanSql.Duplicates: a SQL fragment over a literal temp table name",
        ["sessionColumn"] = "IdentitySql.InSlice: a column name, a string literal at every call site",
        ["InSlice(\"session_id\")"] = "IdentitySql.InSlice over a literal column name",
        ["InSlice(\"e.session_id\")"] = "IdentitySql.InSlice over a literal column name",
        ["IdentifiedFiles.SliceSessionsTable"] = "a const temp table name (IdentifiedFiles)",
        ["IdentifiedFiles.ChangedFilesTable"] = "a const temp table name (IdentifiedFiles)",
        ["IdentifiedFiles.SessionsTable"] = "a const temp table name (IdentifiedFiles)",
        ["ChangedFilesTable"] = "a const temp table name, inside IdentifiedFiles or StagedFiles",
        ["StagedFiles.ChangedFilesTable"] = "a const temp table name (StagedFiles)",
        ["PartitionKey(exported)"] = "ParquetExportSql: a SQL expression over DestinationTables' constant event-day expressions and consts",
        ["exported.Name"] = "ParquetExportSql: a table name from DestinationTables' constant list",
        ["Source(exported)"] = "ParquetExportSql: a table name, or its slice's SQL, from DestinationTables' constant list",
        ["sums"] = "ParquetExportSql: PartitionSums over constants, or the const temp table SliceSums",
        ["SliceSums"] = "ParquetExportSql: a const temp table name",
        ["ChangedDays"] = "ParquetExportSql: a const parameter name",
        ["CopyOptions(exported, slice)"] = "ParquetExportSql: COPY options from consts and an integer slice number",
        ["Literal(folder)"] = "ParquetExportSql: the export's staging folder as a quoted SQL string literal (COPY TO takes no parameter)",
        ["Literal(file)"] = "ParquetExportSql: the export's staging file as a quoted SQL string literal (COPY TO takes no parameter)",
        ["Project"] = "PublishTarget.TeamViewQuery: BigQuery SQL (never run by DuckDB) over the project id, checked by PublishTarget.IdError",
        ["Dataset"] = "PublishTarget.TeamViewQuery: BigQuery SQL (never run by DuckDB) over the dataset id, checked by PublishTarget.IdError",
        ["Columns(columns, day)"] = "PublishSql: BigQueryColumn's cast expressions over column names read from the warehouse's catalog (quoted), and a partition day from the export's ledger as a quoted literal",
        ["Literal(sourceGlob)"] = "PublishSql.MergeFiles: the export's files of a partition (a path), as a quoted SQL string literal (read_parquet's glob)",
    };

    [Fact]
    public void Every_hole_in_an_interpolated_sql_string_in_the_source_is_a_known_constant()
    {
        var found = new List<string>();
        var unknown = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                              && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (var (literal, holes) in InterpolatedStrings(text))
            {
                if (!SqlKeyword().IsMatch(literal)) continue;
                foreach (var hole in holes)
                {
                    var expression = hole.Trim();
                    // Helpers over constant column names (IdentitySql.Esc / IdOf) take only string literals or other known holes.
                    bool helperOverConstants = HelperCall().Match(expression) is { Success: true } call
                        && (call.Groups["arg"].Value.StartsWith('"') || SafeHoles.ContainsKey(call.Groups["arg"].Value) || call.Groups["arg"].Value.StartsWith("$\"", StringComparison.Ordinal));
                    found.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}: {{{expression}}}");
                    if (!SafeHoles.ContainsKey(expression) && !helperOverConstants)
                        unknown.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}: {{{expression}}}");
                }
            }
        }
        Assert.True(found.Count > 10, "the audit found almost no interpolated SQL; the scanner is broken:\n" + string.Join("\n", found));
        Assert.True(unknown.Count == 0, "interpolated SQL with holes that are not known constants (use a DuckDBParameter):\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void The_audit_finds_the_holes_of_every_kind_of_interpolated_string()
    {
        const string code = """"
            var a = $"SELECT * FROM t WHERE x = '{user}' AND y = {{literal}}";
            var b = $"""
                DELETE FROM {tableName} WHERE k = {Esc("c")}
                """;
            var c = $$"""SELECT {{raw}} FROM {notAHole}""";
            var d = $@"UPDATE t SET a = {count:N0} WHERE b = ""{name}""";
            """";

        var holes = InterpolatedStrings(code).Select(s => string.Join(" | ", s.Holes)).ToList();

        Assert.Equal(["user", "tableName | Esc(\"c\")", "raw", "count | name"], holes);
        Assert.All(InterpolatedStrings(code), s => Assert.Matches(SqlKeyword(), s.Literal));
    }

    [Fact]
    public async Task A_database_path_with_quotes_semicolons_and_equals_signs_is_only_a_path()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 3, "-home-dev-sql");
        var db = dir.Combine("it's; access_mode=READ_ONLY; x=\"y\".duckdb");

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        var query = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT count(*) AS n FROM records");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(db));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(db)!, "*.duckdb"));
        Assert.Equal(6L, query.Json[0]!["n"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_memory_limit_that_carries_other_connection_options_is_refused_not_applied()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 3, "-home-dev-sql");
        var db = dir.Combine("h.duckdb");

        // A usage error since the memory limit is validated as a size (it was exit 1 from the warehouse before).
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--memory-limit", "512MB;access_mode=READ_ONLY");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--memory-limit", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));

        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet")).ExitCode);
        var escape = await HindsightCli.RunAsync("query", "--db", db, "--memory-limit", "1GB;enable_external_access=true", "SELECT * FROM read_text('/etc/hostname')");
        Assert.True(escape.ExitCode == 2, escape.ToString());
        Assert.Contains("--memory-limit", escape.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_filters_and_project_names_that_look_like_sql_are_values_never_code()
    {
        using var dir = new TempDirectory();
        const string project = "-home-o'brien-x' OR '1'='1";
        dir.Write($"projects/{project}/44444444-4444-4444-8444-444444444444.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("q1", "hello", "44444444-4444-4444-8444-444444444444"),
            TranscriptLines.Assistant("q2", "msg_q2", "req_q2", TranscriptLines.Text("hi"), session: "44444444-4444-4444-8444-444444444444")));
        HostileCorpus.WriteCleanFiles(dir, 2, "-home-dev-sql");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet")).ExitCode);
        var before = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls");

        var injected = await HindsightCli.RunAsync("report", "daily", "--db", db, "--json", "--project", "nothing' OR '1'='1");
        var exact = await HindsightCli.RunAsync("report", "daily", "--db", db, "--json", "--project", project);
        var since = await HindsightCli.RunAsync("report", "daily", "--db", db, "--since", "2026-01-01'; DROP TABLE api_calls; --");
        var zone = await HindsightCli.RunAsync("report", "daily", "--db", db, "--timezone", "UTC'; DROP TABLE api_calls; --");

        Assert.True(injected.ExitCode == 0, injected.ToString());
        Assert.Empty(injected.Json["daily"]!.AsArray());
        Assert.True(exact.ExitCode == 0, exact.ToString());
        Assert.Single(exact.Json["daily"]!.AsArray());
        Assert.Equal(2, since.ExitCode);
        Assert.Equal(2, zone.ExitCode);
        Assert.Equal(before, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls"));
        Assert.Equal(project, await WarehouseProbe.ScalarAsync<string>(db, "SELECT DISTINCT project FROM api_calls"));
    }

    [Fact]
    public async Task Query_opens_the_database_read_only_refuses_every_statement_that_writes_and_leaves_the_file_byte_for_byte()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 3, "-home-dev-sql");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet")).ExitCode);
        var csv = dir.Write("outside.csv", "a,b\n1,2\n");
        var before = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(db, TestContext.Current.CancellationToken)));

        // Refused by the statement check (exit 2): anything that is not a single read statement.
        string[] refused =
        [
            "INSERT INTO runs SELECT * FROM runs", "UPDATE records SET raw = ''", "DELETE FROM records", "DROP TABLE records",
            "CREATE TABLE x AS SELECT 1", "ALTER TABLE records ADD COLUMN x INT", "COPY records TO '/tmp/hindsight-leak.csv'",
            "ATTACH ':memory:' AS m", "DETACH m", "PRAGMA database_list", "SET access_mode = 'READ_WRITE'", "RESET access_mode",
            "INSTALL httpfs", "LOAD httpfs", "CALL checkpoint()", "CHECKPOINT", "VACUUM", "EXPORT DATABASE '/tmp/hindsight-export'",
            "IMPORT DATABASE '/tmp/hindsight-export'", "SELECT 1; DELETE FROM records", "/* looks harmless */ DELETE FROM records",
            "-- a comment\nDROP TABLE records", "BEGIN TRANSACTION", "USE memory", "",
            // DuckDB's own parser decides (issue 11, item 19): a write behind a CTE or nested comments is seen for what it is.
            "WITH x AS (SELECT 1) INSERT INTO runs SELECT * FROM runs", "WITH d AS (DELETE FROM records RETURNING *) SELECT count(*) FROM d",
            "/* /* */ SELECT 1 */ SET access_mode = 'READ_WRITE'", "/* /* */ SELECT 1 */ DELETE FROM records",
        ];
        foreach (var sql in refused)
        {
            var result = await HindsightCli.RunAsync("query", "--db", db, sql);
            Assert.True(result.ExitCode == 2, $"[{sql}] was not refused: {result}");
        }

        // Past the statement check, refused by the connection itself (read-only, no file access): exit 1.
        string[] blocked =
        [
            "SELECT * FROM read_text('/etc/hostname')",
            "SELECT * FROM glob('/etc/*')", $"SELECT * FROM read_csv_auto('{csv}')", $"FROM '{csv}'",
            "SELECT nextval('nothing')",
        ];
        foreach (var sql in blocked)
        {
            var result = await HindsightCli.RunAsync("query", "--db", db, sql);
            Assert.True(result.ExitCode == 1, $"[{sql}] was not blocked: {result}");
            Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        }

        var mode = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT current_setting('access_mode') AS mode, current_setting('enable_external_access') AS files");
        Assert.Equal("read_only", mode.Json[0]!["mode"]!.GetValue<string>());
        Assert.False(mode.Json[0]!["files"]!.GetValue<bool>());
        Assert.Equal(before, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(db, TestContext.Current.CancellationToken))));
        Assert.False(File.Exists(db + ".wal"));
        Assert.Equal(6L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }

    /// <summary>
    /// The interpolated string literals of a C# file and the expressions in their holes: $"…", $@"…", @$"…"
    /// and raw $"""…""" with any number of $ (holes then open with as many braces). Enough C# for this code.
    /// </summary>
    private static IEnumerable<(string Literal, List<string> Holes)> InterpolatedStrings(string source)
    {
        int i = 0;
        while (i < source.Length)
        {
            int start = source.IndexOf('$', i);
            if (start < 0) yield break;
            int dollars = 0;
            while (start + dollars < source.Length && source[start + dollars] == '$') dollars++;
            int at = start + dollars;
            bool verbatim = at < source.Length && source[at] == '@';
            if (verbatim) at++;
            if (at >= source.Length || source[at] != '"')
            {
                i = start + dollars;
                continue;
            }
            int quotes = 0;
            while (at + quotes < source.Length && source[at + quotes] == '"') quotes++;
            var holes = new List<string>();
            int open = Math.Max(1, dollars);
            int j;
            string literal;
            if (quotes >= 3)
            {
                var close = new string('"', quotes);
                int end = source.IndexOf(close, at + quotes, StringComparison.Ordinal);
                literal = source[(at + quotes)..end];
                j = end + quotes;
            }
            else
            {
                // A regular or verbatim literal: ends at the first unescaped quote outside a hole.
                int k = at + 1;
                int depth = 0;
                while (k < source.Length)
                {
                    char c = source[k];
                    if (depth == 0 && c == '"' && !(verbatim && k + 1 < source.Length && source[k + 1] == '"')) break;
                    if (depth == 0 && c == '"' && verbatim) { k += 2; continue; }
                    if (!verbatim && c == '\\' && depth == 0) { k += 2; continue; }
                    if (c == '{') depth++;
                    if (c == '}') depth = Math.Max(0, depth - 1);
                    k++;
                }
                literal = source[(at + 1)..k];
                j = k + 1;
            }
            var open1 = new string('{', open);
            var close1 = new string('}', open);
            int h = 0;
            while ((h = literal.IndexOf(open1, h, StringComparison.Ordinal)) >= 0)
            {
                if (h + open < literal.Length && literal[h + open] == '{') { h += open + 1; continue; }
                int depth = 0, k = h + open;
                while (k < literal.Length && !(depth == 0 && string.CompareOrdinal(literal, k, close1, 0, open) == 0))
                {
                    if (literal[k] == '(') depth++;
                    if (literal[k] == ')') depth--;
                    k++;
                }
                var hole = literal[(h + open)..Math.Min(k, literal.Length)];
                int format = hole.IndexOf(':', StringComparison.Ordinal);
                holes.Add(format > 0 && !hole.Contains('"', StringComparison.Ordinal) && !hole.Contains('?', StringComparison.Ordinal) ? hole[..format] : hole);
                h = k + open;
            }
            yield return (literal, holes);
            i = j;
        }
    }

    [GeneratedRegex(@"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?TABLE|DROP\s+TABLE|ALTER\s+TABLE|ATTACH|COPY|PRAGMA)\b")]
    private static partial Regex SqlKeyword();

    [GeneratedRegex(@"^(Esc|IdOf)\((?<arg>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex HelperCall();
}
