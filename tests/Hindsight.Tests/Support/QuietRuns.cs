namespace Hindsight.Tests.Support;

/// <summary>A whole `hindsight run` without a provider over some sources, and a table read back as comparable text.</summary>
public static class QuietRuns
{
    /// <summary>Runs every stage (correction skipped) into <paramref name="db"/>; fails the test unless it exits 0.</summary>
    public static async Task RunAsync(string db, params string[] sources)
    {
        var arguments = new List<string> { "run", "--db", db, "--provider", "none", "--quiet" };
        foreach (var source in sources) arguments.AddRange(["--source", source]);
        var run = await HindsightCli.RunAsync([.. arguments]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>Each row of <paramref name="sql"/> as its values joined by '|' (null as ∅).</summary>
    public static async Task<List<string>> TextAsync(string db, string sql) =>
        (await WarehouseProbe.RowsAsync(db, sql)).Select(r => string.Join('|', r.Select(v => v?.ToString() ?? "∅"))).ToList();
}
