using System.Diagnostics;
using System.Globalization;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// `hindsight watch` as a child process on a copy of the project's fixtures: what is appended or added is ingested
/// within seconds, readers get in between passes, the rescan catches what no event announced, and Ctrl-C leaves the
/// warehouse a normal run leaves. Every wait is bounded, polling the warehouse through `hindsight query`.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WatchCommandTests
{
    /// <summary>How long a change may take to show: generous, since three helpers share two cores while these run.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    private const string Session = "11111111-1111-4111-8111-1111111111aa";

    private static string Prompt(string uuid, string text, string session = Session) =>
        $$"""{"type":"user","message":{"role":"user","content":"{{text}}"},"uuid":"{{uuid}}","sessionId":"{{session}}","timestamp":"2026-03-02T10:00:00Z","cwd":"/home/ana/edge"}""" + "\n";

    private static string CopyFixtures(TempDirectory dir)
    {
        var projects = dir.Combine("projects");
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.FixtureProjects, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(projects, Path.GetRelativePath(RepositoryPaths.FixtureProjects, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return projects;
    }

    private static HindsightProcess StartWatch(string projects, string db, params string[] more) =>
        HindsightProcess.Start(new Dictionary<string, string?>(),
            ["watch", "--source", projects, "--db", db, "--provider", "none", "--debounce", "300ms", .. more]);

    /// <summary>One number from the warehouse, read as any user would while watch runs.</summary>
    private static async Task<long> CountAsync(string db, string sql)
    {
        // A pass holds the warehouse for its whole run (the first one reads every fixture): a reader queues behind it.
        var result = await HindsightCli.RunAsync("query", "--db", db, "--json", "--wait", "60", sql);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json[0]!["n"]!.GetValue<long>();
    }

    /// <summary>Polls until the count is at least <paramref name="atLeast"/>; the time it took.</summary>
    private static async Task<TimeSpan> UntilAsync(HindsightProcess watch, string db, string sql, long atLeast = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Bound)
        {
            Assert.False(watch.HasExited, "watch ended early:\n" + string.Join('\n', watch.ErrorLines));
            if (File.Exists(db) && await CountAsync(db, sql) >= atLeast) return clock.Elapsed;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"not seen within {Bound.TotalSeconds} s: {sql}\n" + string.Join('\n', watch.ErrorLines));
        return clock.Elapsed;
    }

    private static string PromptsLike(string word) => $"SELECT count(*) AS n FROM messages WHERE text LIKE '%{word}%'";

    private static async Task<CliResult> InterruptAsync(HindsightProcess watch)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", watch.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        return await watch.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Appended_lines_are_ingested_within_seconds_a_report_meanwhile_succeeds_and_Ctrl_C_leaves_the_warehouse_a_run_leaves()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("signals sent with kill are a Unix feature; this test is written for Linux");
        using var dir = new TempDirectory();
        var projects = CopyFixtures(dir);
        var db = dir.Combine("h.duckdb");
        using var watch = StartWatch(projects, db, "--correct-every", "3s");
        await UntilAsync(watch, db, "SELECT count(*) AS n FROM runs WHERE command = 'watch' AND status = 'succeeded'");

        var transcript = Directory.EnumerateFiles(Path.Combine(projects, "-home-ana-edge"), "*.jsonl").Order(StringComparer.Ordinal).First();
        File.AppendAllText(transcript, Prompt("aaaaaaaa-1111-4111-8111-1111111111a1", "plese fix the zebracorn parser"));
        var took = await UntilAsync(watch, db, PromptsLike("zebracorn"));
        var report = await HindsightCli.RunAsync("report", "daily", "--json", "--db", db, "--wait", "60");
        // The correction pass after the append has run: the warehouse then holds what `run` (stages 0 to 6) leaves.
        await UntilAsync(watch, db, """
            SELECT count(*) AS n FROM runs WHERE command = 'watch correct' AND status = 'succeeded'
              AND started_at > (SELECT max(ended_at) FROM runs WHERE command = 'watch')
            """);
        var stopped = await InterruptAsync(watch);

        Assert.True(took < TimeSpan.FromSeconds(20), $"the appended prompt took {took.TotalSeconds:0.0} s to show");
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.NotEmpty(report.Json["daily"]!.AsArray());
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains("SIGINT: stopping after the current transaction", stopped.Error, StringComparison.Ordinal);
        Assert.Contains("(change) done", stopped.Output, StringComparison.Ordinal);
        var baseline = dir.Combine("baseline.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", projects, "--db", baseline, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(await WarehouseComparison.CountsAsync(baseline), await WarehouseComparison.CountsAsync(db));
        var differences = await WarehouseComparison.DifferencesAsync(baseline, db);
        Assert.True(differences.Count == 0, "the warehouse differs from a run's:\n  " + string.Join("\n  ", differences));
    }

    [Fact]
    public async Task A_new_file_in_a_new_project_folder_is_picked_up()
    {
        using var dir = new TempDirectory();
        var projects = CopyFixtures(dir);
        var db = dir.Combine("h.duckdb");
        using var watch = StartWatch(projects, db);
        await UntilAsync(watch, db, "SELECT count(*) AS n FROM runs WHERE command = 'watch' AND status = 'succeeded'");

        var folder = Directory.CreateDirectory(Path.Combine(projects, "-home-ana-brand-new"));
        File.WriteAllText(Path.Combine(folder.FullName, "22222222-2222-4222-8222-222222222222.jsonl"),
            Prompt("aaaaaaaa-1111-4111-8111-1111111111b1", "the okapiform folder", "22222222-2222-4222-8222-222222222222"));
        await UntilAsync(watch, db, PromptsLike("okapiform"));

        Assert.Equal(1, await CountAsync(db, "SELECT count(*) AS n FROM messages WHERE project = '-home-ana-brand-new'"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) AS n FROM files WHERE path LIKE '%-home-ana-brand-new%'"));
    }

    [Fact]
    public async Task Without_file_events_the_rescan_ingests_a_change_all_the_same()
    {
        using var dir = new TempDirectory();
        var projects = CopyFixtures(dir);
        var db = dir.Combine("h.duckdb");
        using var watch = StartWatch(projects, db, "--no-file-events", "--rescan-every", "2s");
        await UntilAsync(watch, db, "SELECT count(*) AS n FROM runs WHERE command = 'watch' AND status = 'succeeded'");

        var transcript = Directory.EnumerateFiles(Path.Combine(projects, "-home-ana-edge"), "*.jsonl").Order(StringComparer.Ordinal).First();
        File.AppendAllText(transcript, Prompt("aaaaaaaa-1111-4111-8111-1111111111c1", "the quaggaline change"));
        // The run that stored the line has ended (it goes on to stages 2, 3 and 6 after storing it).
        await UntilAsync(watch, db, """
            SELECT count(*) AS n FROM runs r WHERE r.command = 'watch' AND r.status = 'succeeded'
              AND EXISTS (SELECT 1 FROM messages m WHERE m.text LIKE '%quaggaline%' AND m.ingest_run_id = r.run_id)
            """);
        var stopped = await InterruptAsync(watch);

        Assert.Contains("no file events (rescan only)", stopped.Error, StringComparison.Ordinal);
        Assert.Contains("(rescan) done", stopped.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(change)", stopped.Output, StringComparison.Ordinal);
    }
}
