using DuckDB.NET.Data;

namespace Hindsight.Tests.Reports;

public sealed class ReportErrorTests
{
    [Fact]
    public async Task A_warehouse_without_api_calls_fails_with_a_hint_to_run_the_pipeline()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir);
        await using (var connection = new DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE api_calls";
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hindsight run", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task A_missing_warehouse_fails_without_creating_one()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("nowhere.duckdb");

        var result = await ReportWarehouse.ReportAsync(db, "monthly");

        Assert.Equal(1, result.ExitCode);
        Assert.False(File.Exists(db));
        Assert.Contains("No warehouse", result.Error);
    }

    [Fact]
    public async Task Calls_without_a_timestamp_are_counted_in_a_note_rather_than_silently_dropped()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-01T10:00:00Z", "claude-sonnet-4-5-20250929", 3, 4));
        await using (var connection = new DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var update = connection.CreateCommand();
            update.CommandText = "INSERT INTO api_calls SELECT * REPLACE (NULL::TIMESTAMPTZ AS \"timestamp\", 'msg_undated' AS message_id) FROM api_calls";
            await update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await ReportWarehouse.ReportAsync(db, "session", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Json["totals"]!["inputTokens"]!.GetValue<long>());
        Assert.Contains("1 API calls have no timestamp", result.Error);
    }
}
