using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Reports;

/// <summary>
/// A real warehouse file (migrated by <see cref="Hindsight.Warehouse.Warehouse.OpenAsync"/>) whose api_calls rows the test writes
/// itself, so that the report is tested on exact, known calls independently of stage 2's rules.
/// </summary>
internal static class ReportWarehouse
{
    public static async Task<string> CreateAsync(TempDirectory dir, params SeededCall[] calls)
    {
        var path = dir.Combine("report.duckdb");
        var ct = TestContext.Current.CancellationToken;
        await using var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(path, new WarehouseOptions(), ct);
        int line = 0;
        foreach (var call in calls)
        {
            line++;
            await warehouse.ExecuteAsync("""
                INSERT INTO api_calls (message_id, request_id, model, project, session_id, file_session, is_sidechain, "timestamp",
                    input_tokens, output_tokens, cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens,
                    cache_creation_unsplit_tokens, cache_read_tokens, total_tokens, speed, cost_usd, is_priced, price_table_version,
                    lines, file_id, line_no)
                VALUES ($id, $id, $model, $project, $session, $session, false, $ts::TIMESTAMPTZ,
                    $input, $output, $cc, $cc, 0, 0, $cr, $input + $output + $cc + $cr, $speed, $cost, $cost IS NOT NULL, 'test', 1, $file, $line)
                """, ct,
                new DuckDBParameter("id", $"msg_{line}"),
                new DuckDBParameter("model", (object?)call.Model ?? DBNull.Value),
                new DuckDBParameter("project", call.Project),
                new DuckDBParameter("session", call.Session),
                new DuckDBParameter("ts", call.Timestamp),
                new DuckDBParameter("input", call.Input),
                new DuckDBParameter("output", call.Output),
                new DuckDBParameter("cc", call.CacheCreation),
                new DuckDBParameter("cr", call.CacheRead),
                new DuckDBParameter("speed", (object?)call.Speed ?? DBNull.Value),
                new DuckDBParameter("cost", (object?)call.Cost ?? DBNull.Value),
                new DuckDBParameter("file", call.File),
                new DuckDBParameter("line", (long)line));
        }
        return path;
    }

    /// <summary>Runs `hindsight report` on the warehouse with the given view and options.</summary>
    public static Task<CliResult> ReportAsync(string db, params string[] args) =>
        HindsightCli.RunAsync(["report", .. args, "--db", db]);
}
