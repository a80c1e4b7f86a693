using Hindsight.Simulator;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Two `hindsight` processes on one database (DuckDB's file lock admits one writer): the second stops at
/// once with a clear message, or with --wait queues behind the first; either way nothing is corrupted or
/// doubled, and the warehouse ends as a single run leaves it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConcurrentRunTests
{
    private const string Key = "sim-concurrency-key";

    private static Dictionary<string, string?> Env() => new() { ["GEMINI_API_KEY"] = Key };

    /// <summary>
    /// A slow provider (half a second per request, one at a time) keeps the first run inside stage 4, holding
    /// the database, for several seconds: long enough for a second process to start and meet the lock.
    /// </summary>
    private static Task<SimulatorServer> SlowProviderAsync() =>
        SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key, LatencyMedianMs = 500, LatencySigma = 0.1 }, TestContext.Current.CancellationToken);

    private static string[] Run(string projects, string db, SimulatorServer simulator, params string[] extra) =>
        ["run", "--source", projects, "--db", db, "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(),
         "--max-concurrency", "1", "--prompts-per-batch", "10", .. extra];

    /// <summary>Starts the first process and returns once it is inside stage 4, writing, with the database held.</summary>
    private static async Task<HindsightProcess> StartFirstAsync(string projects, string db, SimulatorServer simulator)
    {
        var first = HindsightProcess.Start(Env(), Run(projects, db, simulator));
        var reached = await first.WaitForErrorLineAsync(line => line == "stage 4 correction: started", TestContext.Current.CancellationToken);
        Assert.True(reached, "the first run never reached stage 4:\n" + string.Join("\n", first.ErrorLines));
        return first;
    }

    [Fact]
    public async Task A_second_run_on_a_database_in_use_stops_at_once_with_a_clear_message_and_the_first_ends_as_if_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        await using var simulator = await SlowProviderAsync();
        var alone = dir.Combine("alone.duckdb");
        Assert.Equal(0, (await HindsightCli.RunWithEnvironmentAsync(Env(), Run(corpus.Projects, alone, simulator, "--quiet"))).ExitCode);
        var db = dir.Combine("shared.duckdb");

        var first = await StartFirstAsync(corpus.Projects, db, simulator);
        using (first)
        {
            var second = await HindsightProcess.RunAsync(Env(), Run(corpus.Projects, db, simulator, "--quiet"));
            // --wait 0: stop at once (without it a reader waits up to 5 s for the ingest, which may end by then).
            var query = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "query", "--db", db, "--wait", "0", "SELECT count(*) FROM records");
            var firstResult = await first.WaitForExitAsync(ct);

            Assert.True(firstResult.ExitCode == 0, firstResult.ToString());
            Assert.True(second.ExitCode == 1, second.ToString());
            Assert.Contains($"The warehouse {db} is in use by another process (PID {first.Id})", second.Error, StringComparison.Ordinal);
            Assert.Contains("--wait", second.Error, StringComparison.Ordinal);
            Assert.True(query.ExitCode == 1, query.ToString());
            Assert.Contains("is in use by another process", query.Error, StringComparison.Ordinal);
        }

        Assert.Empty(await WarehouseComparison.DifferencesAsync(alone, db));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM runs"));
    }

    [Fact]
    public async Task A_second_run_with_wait_queues_behind_the_first_then_finds_nothing_new_and_doubles_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        await using var simulator = await SlowProviderAsync();
        var alone = dir.Combine("alone.duckdb");
        Assert.Equal(0, (await HindsightCli.RunWithEnvironmentAsync(Env(), Run(corpus.Projects, alone, simulator, "--quiet"))).ExitCode);
        var db = dir.Combine("shared.duckdb");

        var first = await StartFirstAsync(corpus.Projects, db, simulator);
        CliResult firstResult, second;
        using (first)
        {
            second = await HindsightProcess.RunAsync(Env(), Run(corpus.Projects, db, simulator, "--wait", "120", "--json", "--quiet"));
            firstResult = await first.WaitForExitAsync(ct);
        }

        Assert.True(firstResult.ExitCode == 0, firstResult.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var extraction = second.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 1)!["metrics"]!;
        Assert.Equal(0L, extraction["records"]!.GetValue<long>());
        Assert.Equal(0L, extraction["files_planned"]!.GetValue<long>());
        Assert.Empty(await WarehouseComparison.DifferencesAsync(alone, db));
        var runs = await WarehouseProbe.RowsAsync(db, "SELECT status, started_at, ended_at FROM runs ORDER BY started_at");
        Assert.Equal(["succeeded", "succeeded"], runs.Select(r => (string)r[0]!));
        // The second run started its work only after the first had ended.
        Assert.True(Convert.ToDateTime(runs[1][1], System.Globalization.CultureInfo.InvariantCulture) >= Convert.ToDateTime(runs[0][2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
