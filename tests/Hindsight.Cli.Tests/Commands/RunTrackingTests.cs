using DuckDB.NET.Data;

namespace Hindsight.Cli.Tests.Commands;

public sealed class RunTrackingTests
{
    private static void Corpus(TempDirectory dir) =>
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"))));

    [Fact]
    public async Task Runs_shows_one_run_id_shared_by_all_stages_of_a_run()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet", "--json");

        var runs = await HindsightCli.RunAsync("runs", "--db", db, "--json");

        Assert.Equal(0, runs.ExitCode);
        var only = Assert.Single(runs.Json["runs"]!.AsArray());
        Assert.Equal(run.Json["run_id"]!.GetValue<string>(), only!["run_id"]!.GetValue<string>());
        Assert.Equal(7, Guid.Parse(only["run_id"]!.GetValue<string>()).Version);
        Assert.Equal(["discovery", "extraction", "cleaning", "identity", "correction", "staging", "search_index"], only["stages"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(only["stages"]!.AsArray(), s => Assert.Equal("succeeded", s!["status"]!.GetValue<string>()));
        var table = await HindsightCli.RunAsync("runs", "--db", db);
        Assert.Contains("extraction", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_that_fails_is_recorded_as_failed_with_its_error_and_the_exit_code_is_1()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        var blocked = Directory.CreateDirectory(dir.Combine("manifest-is-a-folder")).FullName;

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--manifest", blocked, "--quiet");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Stage 0 (discovery)", result.Error, StringComparison.Ordinal);
        var stage = await WarehouseProbe.RowsAsync(db, "SELECT s.status, s.error, r.status FROM run_stages s JOIN runs r USING (run_id)");
        Assert.Equal("failed", Assert.Single(stage)[0]);
        Assert.False(string.IsNullOrEmpty((string?)stage[0][1]));
        Assert.Equal("failed", stage[0][2]);
    }

    [Fact]
    public async Task A_run_on_a_database_held_by_another_process_stops_with_a_clear_message()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet");

        // Hold the database from this test process, then start the real binary against it.
        await using var holder = new DuckDBConnection($"Data Source={db}");
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        var result = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "run", "--source", dir.Combine("projects"), "--db", db, "--quiet");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is in use by another process", result.Error, StringComparison.Ordinal);
        Assert.Contains("--wait", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_reads_and_reports_but_creates_no_database_and_no_manifest()
    {
        using var dir = new TempDirectory();
        Corpus(dir);

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", dir.Combine("h.duckdb"), "--dry-run", "--quiet", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.Json["stages"]![1]!["metrics"]!["records"]!.GetValue<long>());
        Assert.False(File.Exists(dir.Combine("h.duckdb")));
        Assert.False(File.Exists(dir.Combine("manifest.json")));
    }

    [Fact]
    public async Task Usage_errors_exit_with_code_2()
    {
        var result = await HindsightCli.RunAsync("run", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
    }
}
