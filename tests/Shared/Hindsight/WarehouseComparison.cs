using DuckDB.NET.Data;

namespace Hindsight.Testing;

/// <summary>
/// Compares two warehouses row for row (multiset difference, so a doubled row counts as much as a
/// missing one) over every table except run history, and every column except those whose value
/// legitimately depends on which run wrote the row or when.
/// </summary>
public static class WarehouseComparison
{
    /// <summary>
    /// What is left out, and why. Everything else in every table is compared, including tables and
    /// columns added by later migrations (a new run-dependent column shows up here as a failure).
    /// </summary>
    private static readonly Dictionary<string, string> Projections = new(StringComparer.Ordinal)
    {
        // runs, run_stages and correction_history are history: a killed run leaves its own rows behind ("running"),
        // and each run has its own id, times and metrics. They are not compared (see IsHistory).
        ["schema_migrations"] = "* EXCLUDE (applied_at)",
        // Which run first saw a file or last read it is history; where it was read up to is not.
        ["files"] = "* EXCLUDE (first_seen_run, last_ingested_run)",
        // The id of the run that stored a line (a resumed run stores the lines the killed one had not committed).
        ["records"] = "* EXCLUDE (run_id)",
        ["dead_letters"] = "* EXCLUDE (run_id)",
        // records.run_id copied by stage 2 (it ties a classification to one ingestion of its line).
        ["messages"] = "* EXCLUDE (ingest_run_id)",
        ["entities"] = "* EXCLUDE (first_seen_run)",
        // Which run last computed a derived stage, when, and from what: the input signature hashes the records'
        // run ids (a record stored by the killed run keeps that run's id), so only which stages are remembered is compared.
        ["stage_state"] = "* EXCLUDE (run_id, updated_at, input_signature)",
        // What stage 2 derived each file from hashes its records' run ids too (see stage_state).
        ["derived_files"] = "* EXCLUDE (records_signature)",
        // What stages 3 and 4 computed each file from hashes its messages' ingestion run ids too (see stage_state).
        ["identified_files"] = "* EXCLUDE (messages_signature)",
        ["staged_files"] = "* EXCLUDE (inputs_signature)",
        ["correction_cache"] = "* EXCLUDE (created_at)",
        // The search index's watermark: each index gets an id of its own, and a file's fingerprint hashes its messages'
        // ingestion run ids (see stage_state); that an index is named, and which files it holds, is compared.
        ["search_index"] = "index_id IS NOT NULL AS named",
        ["search_index_files"] = "* EXCLUDE (fingerprint)",
        // How a result was obtained, not what it is: a prompt whose answer was cached by the killed run is a
        // cache hit with no tokens or cost on the resumed run, and a batch's tokens are attributed to the
        // batch's first owner of a text, so tokens, cost, latency and batch id follow how prompts were batched.
        ["corrections"] = "* EXCLUDE (run_id, settled_at, latency_ms, batch_id, cache_hit, input_tokens, output_tokens, cost_usd)",
        // The staged row repeats the correction's cost in its metadata (and so in its fingerprint).
        ["claude_code_stage_4"] = "* EXCLUDE (run_id, created_at, fingerprint) REPLACE (regexp_replace(metadata, '\"correction_cost_usd\":[^,}]*', '', 'g') AS metadata)",
        // The staged table's narrow part (it is a view since migration 11): which entities are staged is compared.
        ["claude_code_stage_4_rows"] = "* EXCLUDE (run_id, created_at, fingerprint)",
    };

    /// <summary>The key each table must not repeat.</summary>
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["files"] = "file_id",
        ["records"] = "file_id, line_no",
        ["content_blocks"] = "file_id, line_no, block_index",
        ["dead_letters"] = "file_id, line_no",
        // A person's text inside a tool result has a row of its own beside its record's (migration 6: block_index).
        ["messages"] = "file_id, line_no, block_index",
        ["api_calls"] = "file_id, line_no",
        ["entities"] = "entity_id",
        ["identified_files"] = "file_id",
        ["staged_files"] = "file_id",
        ["search_index_files"] = "file_id",
        ["correction_cache"] = "cache_key",
        ["corrections"] = "entity_id",
        ["claude_code_stage_4"] = "entity_id",
        ["claude_code_stage_4_rows"] = "entity_id",
        ["schema_migrations"] = "version",
    };

    // correction_history is a log of answers like runs is of runs: a killed run leaves the answers it committed,
    // the resumed run adds its own (cache hits, other batches), so it differs in how, not what (corrections compares that).
    private static bool IsHistory(string table) => table is "runs" or "run_stages" or "correction_history";

    /// <summary>Row counts per compared table of <paramref name="db"/>, for messages.</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(string db)
    {
        await using var connection = await AttachAsync(("w", db));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(connection, "w"))
            counts[table] = await ScalarAsync(connection, $"SELECT count(*) FROM w.main.{table}");
        return counts;
    }

    /// <summary>
    /// Every difference between <paramref name="expectedDb"/> and <paramref name="actualDb"/>, described
    /// (empty when they are equal): tables missing on either side, rows of one that the other lacks, and
    /// keys that a table repeats.
    /// </summary>
    public static async Task<List<string>> DifferencesAsync(string expectedDb, string actualDb)
    {
        await using var connection = await AttachAsync(("expected", expectedDb), ("actual", actualDb));
        var differences = new List<string>();
        var expectedTables = await TablesAsync(connection, "expected");
        var actualTables = await TablesAsync(connection, "actual");
        foreach (var table in expectedTables.Except(actualTables)) differences.Add($"{table}: missing");
        foreach (var table in actualTables.Except(expectedTables)) differences.Add($"{table}: not in the uninterrupted run's warehouse");

        foreach (var table in expectedTables.Intersect(actualTables))
        {
            var projection = Projections.GetValueOrDefault(table, "*");
            long missing = await ScalarAsync(connection, $"SELECT count(*) FROM (SELECT {projection} FROM expected.main.{table} EXCEPT ALL SELECT {projection} FROM actual.main.{table})");
            long extra = await ScalarAsync(connection, $"SELECT count(*) FROM (SELECT {projection} FROM actual.main.{table} EXCEPT ALL SELECT {projection} FROM expected.main.{table})");
            if (missing > 0 || extra > 0)
            {
                var sample = await FirstRowAsync(connection, $"SELECT {projection} FROM expected.main.{table} EXCEPT ALL SELECT {projection} FROM actual.main.{table}")
                             ?? await FirstRowAsync(connection, $"SELECT {projection} FROM actual.main.{table} EXCEPT ALL SELECT {projection} FROM expected.main.{table}");
                differences.Add($"{table}: {missing} rows missing, {extra} rows extra or different; e.g. {sample}");
            }
            if (Keys.TryGetValue(table, out var key))
            {
                long repeated = await ScalarAsync(connection, $"SELECT count(*) FROM (SELECT {key} FROM actual.main.{table} GROUP BY ALL HAVING count(*) > 1)");
                if (repeated > 0) differences.Add($"{table}: {repeated} keys ({key}) repeated");
            }
        }
        return differences;
    }

    private static async Task<DuckDBConnection> AttachAsync(params (string Alias, string Path)[] databases)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var (alias, path) in databases)
        {
            // A test's own temporary path; quotes doubled all the same (ATTACH takes no parameters).
            await ExecuteAsync(connection, $"ATTACH '{path.Replace("'", "''", StringComparison.Ordinal)}' AS {alias} (READ_ONLY)");
        }
        return connection;
    }

    private static async Task<List<string>> TablesAsync(DuckDBConnection connection, string alias)
    {
        using var command = connection.CreateCommand();
        // Views too: the staged table is one (migration 11), and its rows are what users read.
        command.CommandText = """
            SELECT table_name FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main' AND NOT temporary
            UNION ALL
            SELECT view_name FROM duckdb_views() WHERE database_name = $db AND schema_name = 'main' AND NOT temporary AND NOT internal
            ORDER BY 1
            """;
        command.Parameters.Add(new DuckDBParameter("db", alias));
        using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var tables = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var table = reader.GetString(0);
            if (!IsHistory(table)) tables.Add(table);
        }
        return tables;
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<long> ScalarAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> FirstRowAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql + " LIMIT 1";
        using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        if (!await reader.ReadAsync(TestContext.Current.CancellationToken)) return null;
        var values = Enumerable.Range(0, reader.FieldCount)
            .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Shorten(reader.GetValue(i)?.ToString() ?? ""))}");
        return "{" + string.Join(", ", values) + "}";
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
