namespace Hindsight.Cli.Tests.Commands;

/// <summary>`hindsight watch`'s command line: a duration it cannot read is a usage error before anything is opened.</summary>
public sealed class WatchCommandUsageTests
{
    [Theory]
    [InlineData("--debounce", "5")]
    [InlineData("--rescan-every", "0s")]
    [InlineData("--correct-every", "soon")]
    public async Task A_duration_without_a_unit_or_not_positive_is_a_usage_error_and_creates_no_warehouse(string option, string value)
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("watch", "--source", dir.Path, "--db", db, option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option} must be a duration such as 500ms, 2s, 10m or 1h, not '{value}'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }
}
