using System.Diagnostics;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Ctrl-C and SIGTERM sent to the real binary in the middle of stage 1: the run stops after its current
/// transaction, is recorded as cancelled, says so and exits 1; the next run completes and leaves the warehouse an
/// uninterrupted run leaves.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SignalTests
{
    private static string[] RunArgs(string projects, string db) =>
        ["run", "--source", projects, "--db", db, "--manifest", db + ".manifest.json", "--batch-size", "20", "--provider", "none"];

    private static void Send(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_in_the_middle_of_an_ingest_cancels_gracefully_and_the_next_run_completes_it(string signal)
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("signals sent with kill are a Unix feature; this test is written for Linux");
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 40);
        var baseline = dir.Combine("baseline.duckdb");
        var uninterrupted = await HindsightCli.RunAsync([.. RunArgs(corpus.Projects, baseline), "--quiet"]);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());
        var db = dir.Combine("h.duckdb");

        using var child = HindsightProcess.Start(new Dictionary<string, string?>(), RunArgs(corpus.Projects, db));
        var sent = child.OnErrorLine(line => line.Contains("stage 1 extraction: started", StringComparison.Ordinal), TimeSpan.FromMilliseconds(100), () => Send(signal, child.Id));
        var result = await child.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(await sent, "the run ended before the signal was sent; give stage 1 more to do");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"SIG{signal}: stopping after the current transaction", result.Error, StringComparison.Ordinal);
        Assert.Contains("cancelled: the run stopped after its last committed transaction", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        var recorded = await WarehouseProbe.RowsAsync(db, "SELECT status, error FROM runs");
        Assert.Equal(("cancelled", "cancelled during stage 1 (extraction)"), ((string)Assert.Single(recorded)[0]!, (string)recorded[0][1]!));
        Assert.Equal("cancelled", await WarehouseProbe.ScalarAsync<string>(db, "SELECT status FROM run_stages WHERE stage = 1"));

        var resumed = await HindsightCli.RunAsync([.. RunArgs(corpus.Projects, db), "--quiet"]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var differences = await WarehouseComparison.DifferencesAsync(baseline, db);
        Assert.True(differences.Count == 0, "the warehouse differs from an uninterrupted run's:\n  " + string.Join("\n  ", differences));
    }
}
