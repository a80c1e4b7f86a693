using System.Globalization;
using Hindsight.Simulator;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// The archive's promise under SIGKILL: the real binary is killed at many points of stages 1 to 4, then
/// run again to completion, and the warehouse must equal an uninterrupted run's, row for row. Each point
/// is a fraction of that stage's duration in the uninterrupted run, counted from the moment the child
/// reports the stage started (a dedicated thread watches its standard error, waits, and sends SIGKILL);
/// when the stage ends sooner than that, the point is tried again earlier. Where each kill landed is read
/// back from the killed run's own tracking rows and printed with the test's output.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CrashSafetyTests
{
    private const string Key = "sim-crash-key-7d1e";

    /// <summary>Set to 1 (bench and CI-heavy do) for more kill points; otherwise a spread subset runs.</summary>
    public const string HeavyVariable = "HINDSIGHT_HEAVY_TESTS";

    private static readonly string[] StageNames = ["discovery", "extraction", "cleaning", "identity", "correction"];

    private static bool Heavy => Environment.GetEnvironmentVariable(HeavyVariable) == "1";

    private static Dictionary<string, string?> Env() => new() { ["GEMINI_API_KEY"] = Key };

    /// <summary>
    /// --batch-size 50 makes stage 1 commit dozens of small transactions (and stage 2 several), so most of
    /// stage 1's time is spent inside a batch write; four prompts per request, two at a time, with latency,
    /// spread stage 4 over many requests, each followed by a cache write.
    /// </summary>
    private static string[] RunArgs(string[] sources, string db, SimulatorServer simulator, params string[] extra) =>
        ["run", .. sources.SelectMany(source => new[] { "--source", source }), "--db", db, "--manifest", db + ".manifest.json", "--batch-size", "50",
         "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), "--prompts-per-batch", "4", "--max-concurrency", "2", .. extra];

    private static Task<SimulatorServer> SimulatorAsync() =>
        SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key, LatencyMedianMs = 80, LatencySigma = 0.2 }, TestContext.Current.CancellationToken);

    /// <summary>24 kill points (six per stage) in CI and under <see cref="HeavyVariable"/> alike: about a minute and a quarter.</summary>
    [Fact]
    public async Task A_first_run_killed_at_24_points_of_stages_1_to_4_and_run_again_leaves_the_warehouse_of_an_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        await using var simulator = await SimulatorAsync();

        var landed = await KillEverywhereAsync(dir, [corpus.Projects], simulator, [0.05, 0.2, 0.35, 0.5, 0.65, 0.8], prepare: db => { });

        Assert.Equal(24, landed.Count);
    }

    /// <summary>
    /// The same promise for the other agents' readers: Codex rollouts (JSONL, cumulative usage rebuilt whole in stage 2)
    /// and Gemini CLI chats (documents replaced whole in one transaction), from `hindsight sample --agents codex,gemini`,
    /// read alone (the Claude Code files the sample always writes are not a source here), killed at 12 points of stages
    /// 1 to 4 (three per stage) and run again.
    /// </summary>
    [Fact]
    public async Task A_codex_and_gemini_cli_run_killed_at_12_points_of_stages_1_to_4_and_run_again_leaves_the_warehouse_of_an_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 120, agents: "codex,gemini");
        await using var simulator = await SimulatorAsync();
        string[] sources = ["codex=" + corpus.CodexHome, "gemini_cli=" + corpus.GeminiDataDir];

        var landed = await KillEverywhereAsync(dir, sources, simulator, [0.1, 0.4, 0.7], prepare: db => { }, minimumRecords: 300, minimumCorrections: 10);

        Assert.Equal(12, landed.Count);
        var agents = await WarehouseProbe.RowsAsync(dir.Combine("baseline.duckdb"), "SELECT DISTINCT agent FROM records ORDER BY 1");
        Assert.Equal(["codex", "gemini_cli"], agents.Select(row => (string)row[0]!));
    }

    /// <summary>
    /// A run that adds to an existing warehouse (new files, a grown file, a rewritten file that must be
    /// replaced) killed midway: the next run must end where an uninterrupted incremental run ends.
    /// </summary>
    [Fact]
    public async Task A_run_adding_to_an_existing_warehouse_killed_midway_and_run_again_leaves_the_warehouse_of_an_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        await using var simulator = await SimulatorAsync();
        var projects = dir.Combine("growing", "projects");
        var files = Directory.GetFiles(corpus.Projects, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        string Target(string file) => Path.Combine(projects, Path.GetRelativePath(corpus.Projects, file));
        void Copy(IEnumerable<string> some)
        {
            foreach (var file in some)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Target(file))!);
                File.Copy(file, Target(file), overwrite: true);
            }
        }

        // The warehouse as a daily run left it: two thirds of the files.
        Copy(files.Take(files.Count * 2 / 3));
        var template = dir.Combine("template.duckdb");
        var first = await HindsightCli.RunWithEnvironmentAsync(Env(), RunArgs([projects], template, simulator, "--quiet"));
        Assert.True(first.ExitCode == 0, first.ToString());
        // Then the rest arrives, one file grows and one is rewritten (its first line removed: re-read whole).
        Copy(files.Skip(files.Count * 2 / 3));
        var grown = Target(files[0]);
        await File.AppendAllLinesAsync(grown, (await File.ReadAllLinesAsync(Target(files[1]), TestContext.Current.CancellationToken)).Take(20), TestContext.Current.CancellationToken);
        var rewritten = Target(files[2]);
        await File.WriteAllLinesAsync(rewritten, (await File.ReadAllLinesAsync(rewritten, TestContext.Current.CancellationToken)).Skip(1), TestContext.Current.CancellationToken);

        var landed = await KillEverywhereAsync(dir, [projects], simulator, Heavy ? [0.2, 0.7] : [0.4],
            prepare: db => File.Copy(template, db, overwrite: true));

        Assert.Equal(Heavy ? 8 : 4, landed.Count);
    }

    /// <summary>
    /// A killed run cannot record its own end. The next run holds the database lock, so it knows no other
    /// process is running, and marks such runs and their running stages failed, "interrupted".
    /// </summary>
    [Fact]
    public async Task A_run_killed_midway_is_no_longer_shown_as_running_once_the_next_run_has_started()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        await using var simulator = await SimulatorAsync();
        var db = dir.Combine("h.duckdb");
        var killed = await KillDuringStageAsync([corpus.Projects], db, simulator, 1, TimeSpan.FromMilliseconds(100), _ => { }, TestContext.Current.CancellationToken);
        Assert.StartsWith("killed", killed, StringComparison.Ordinal);

        var next = await HindsightCli.RunWithEnvironmentAsync(Env(), RunArgs([corpus.Projects], db, simulator, "--quiet"));

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM runs WHERE status = 'running'"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM run_stages WHERE status = 'running'"));
    }

    /// <summary>
    /// Runs once uninterrupted (the baseline, timed per stage), then for each stage 1-4 and fraction: a fresh
    /// database from <paramref name="prepare"/>, a run killed at that point, a run to completion, and a
    /// row-for-row comparison with the baseline. Returns where each kill landed.
    /// </summary>
    private static async Task<List<string>> KillEverywhereAsync(TempDirectory dir, string[] sources, SimulatorServer simulator, double[] fractions, Action<string> prepare,
        long minimumRecords = 1000, long minimumCorrections = 20)
    {
        var ct = TestContext.Current.CancellationToken;
        var baselineDb = dir.Combine("baseline.duckdb");
        prepare(baselineDb);
        var baseline = await HindsightProcess.RunAsync(Env(), RunArgs(sources, baselineDb, simulator, "--json"));
        Assert.True(baseline.ExitCode == 0, baseline.ToString());
        var stageMs = baseline.Json["stages"]!.AsArray().ToDictionary(s => s!["stage"]!.GetValue<int>(), s => s!["elapsed_ms"]!.GetValue<double>());
        var counts = await WarehouseComparison.CountsAsync(baselineDb);
        Assert.True(counts["corrections"] > minimumCorrections && counts["records"] > minimumRecords, "the corpus is too small to be worth killing: " + string.Join(", ", counts));

        var landed = new List<string>();
        int point = 0;
        foreach (int stage in new[] { 1, 2, 3, 4 })
        {
            foreach (double fraction in fractions)
            {
                var db = dir.Combine($"killed-{++point}.duckdb");
                var delay = TimeSpan.FromMilliseconds(fraction * stageMs[stage]);
                var where = await KillDuringStageAsync(sources, db, simulator, stage, delay, prepare, ct);
                landed.Add($"point {point}: stage {stage} + {delay.TotalMilliseconds:F0} ms -> {where}");
                Assert.True(where.StartsWith("killed", StringComparison.Ordinal), $"point {point} was never killed: {where}");

                // The killed database opens cleanly (read-only, replaying its write-ahead log) before anything repairs it.
                Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM runs") >= 1, $"point {point}: no run recorded");

                // The run after the crash goes through the same entry point in-process (it only has to finish).
                var resumed = await HindsightCli.RunWithEnvironmentAsync(Env(), RunArgs(sources, db, simulator, "--quiet"));
                Assert.True(resumed.ExitCode == 0, $"point {point} ({where}): the run after the kill failed\n{resumed}");
                var differences = await WarehouseComparison.DifferencesAsync(baselineDb, db);
                Assert.True(differences.Count == 0, $"point {point} ({where}): the warehouse differs from an uninterrupted run's:\n  {string.Join("\n  ", differences)}\nkills so far:\n  {string.Join("\n  ", landed)}");
                Assert.Equal("succeeded", await WarehouseProbe.ScalarAsync<string>(db, "SELECT status FROM runs ORDER BY started_at DESC LIMIT 1"));
                File.Delete(db);
                File.Delete(db + ".wal");
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine("kill points:\n" + string.Join("\n", landed));
        return landed;
    }

    /// <summary>
    /// Starts the binary on a database made by <paramref name="prepare"/>, and <paramref name="delay"/> after
    /// it reports <paramref name="stage"/> started, kills it with SIGKILL. When the process ends before the
    /// kill (the stage was faster this time), tries again with half the delay. Returns where the kill landed,
    /// read back from the killed run's own tracking rows.
    /// </summary>
    private static async Task<string> KillDuringStageAsync(string[] sources, string db, SimulatorServer simulator, int stage, TimeSpan delay, Action<string> prepare, CancellationToken ct)
    {
        for (int attempt = 0; attempt < 4; attempt++, delay /= 2)
        {
            File.Delete(db);
            File.Delete(db + ".wal");
            prepare(db);
            using var child = HindsightProcess.Start(Env(), RunArgs(sources, db, simulator));
            var started = $"stage {stage} {StageNames[stage]}: started";
            var killed = await child.KillAfterErrorLine(line => line == started, delay);
            var result = await child.WaitForExitAsync(ct);
            Assert.True(child.ErrorLines.Contains(started), $"the run never reached stage {stage}:\n{result}");
            // A SIGKILL never ends a process with 0: an exit code of 0 means the run finished between the trigger's
            // "still alive" check and the signal, so this attempt was not a kill either.
            if (!killed || result.ExitCode == 0)
            {
                Assert.True(result.ExitCode == 0, $"the run failed on its own:\n{result}");
                continue;
            }
            var running = await WarehouseProbe.RowsAsync(db, """
                SELECT s.stage, s.stage_name FROM run_stages s JOIN runs r USING (run_id)
                WHERE r.status = 'running' ORDER BY s.stage DESC LIMIT 1
                """);
            string inStage = running.Count == 0 ? "?" : string.Create(CultureInfo.InvariantCulture, $"{running[0][0]} {running[0][1]}");
            return string.Create(CultureInfo.InvariantCulture, $"killed in stage {inStage} (attempt {attempt + 1}, {delay.TotalMilliseconds:F0} ms after it started)");
        }
        return $"the process always finished first (last delay {delay.TotalMilliseconds * 2:F0} ms)";
    }
}
