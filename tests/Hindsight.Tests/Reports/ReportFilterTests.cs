
namespace Hindsight.Tests.Reports;

public sealed class ReportFilterTests
{
    private const string Sonnet = "claude-sonnet-4-5-20250929";

    private static async Task<List<string>> PeriodsAsync(string db, params string[] args)
    {
        var result = await ReportWarehouse.ReportAsync(db, [.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var view = args[0];
        return result.Json[view]!.AsArray().Select(r => r!["period"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Since_and_until_keep_both_ends_and_accept_both_date_formats()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            [.. Enumerable.Range(1, 5).Select(day => new SeededCall($"2025-06-0{day}T12:00:00Z", Sonnet, day, 1))]);

        Assert.Equal(["2025-06-02", "2025-06-03", "2025-06-04"], await PeriodsAsync(db, "daily", "--since", "20250602", "--until", "2025-06-04"));
        Assert.Equal(["2025-06-04", "2025-06-05"], await PeriodsAsync(db, "daily", "--since", "2025-06-04"));
        Assert.Equal(["2025-06-01"], await PeriodsAsync(db, "daily", "--until", "20250601"));
    }

    [Fact]
    public async Task The_totals_cover_only_what_the_filters_keep()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T12:00:00Z", Sonnet, 100, 1) { Cost = 0.25 },
            new SeededCall("2025-06-02T12:00:00Z", Sonnet, 7, 1) { Cost = 0.5 });

        var totals = (await ReportWarehouse.ReportAsync(db, "daily", "--since", "2025-06-02", "--json")).Json["totals"]!;

        Assert.Equal(7, totals["inputTokens"]!.GetValue<long>());
        Assert.Equal(0.5, totals["totalCost"]!.GetValue<double>());
    }

    [Fact]
    public async Task Project_keeps_only_that_projects_calls()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T12:00:00Z", Sonnet, 1, 1) { Project = "-home-ana-shop" },
            new SeededCall("2025-06-02T12:00:00Z", Sonnet, 1, 1) { Project = "-home-ana-api" },
            new SeededCall("2025-06-03T12:00:00Z", Sonnet, 1, 1) { Project = "-home-ana-shop" });

        Assert.Equal(["2025-06-02"], await PeriodsAsync(db, "daily", "--project", "-home-ana-api"));
        Assert.Equal(["-home-ana-shop"], await PeriodsAsync(db, "project", "--project", "-home-ana-shop"));
        Assert.Empty(await PeriodsAsync(db, "daily", "--project", "-home-ana"));
    }

    [Fact]
    public async Task The_time_zone_moves_a_call_across_midnight()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-01T23:30:00Z", Sonnet, 1, 1));

        Assert.Equal(["2025-06-01"], await PeriodsAsync(db, "daily"));
        Assert.Equal(["2025-06-01"], await PeriodsAsync(db, "daily", "--timezone", "UTC"));
        Assert.Equal(["2025-06-02"], await PeriodsAsync(db, "daily", "--timezone", "Asia/Tokyo"));
        Assert.Equal(["2025-06-01"], await PeriodsAsync(db, "daily", "--timezone", "America/Los_Angeles"));
    }

    [Fact]
    public async Task Date_filters_apply_to_the_local_date_of_the_chosen_zone()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-01T23:30:00Z", Sonnet, 1, 1));

        Assert.Empty(await PeriodsAsync(db, "daily", "--since", "2025-06-02"));
        Assert.Equal(["2025-06-02"], await PeriodsAsync(db, "daily", "--since", "2025-06-02", "--timezone", "Asia/Tokyo"));
        Assert.Empty(await PeriodsAsync(db, "session", "--until", "2025-06-01", "--timezone", "Asia/Tokyo"));
    }

    [Fact]
    public async Task Weeks_start_on_monday_and_are_named_by_its_date()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-02T08:00:00Z", Sonnet, 1, 1),   // Monday
            new SeededCall("2025-06-08T20:00:00Z", Sonnet, 1, 1),   // Sunday of the same week
            new SeededCall("2025-06-09T08:00:00Z", Sonnet, 1, 1));  // the next Monday

        var result = await ReportWarehouse.ReportAsync(db, "weekly", "--json");

        var weeks = result.Json["weekly"]!.AsArray();
        Assert.Equal(["2025-06-02", "2025-06-09"], weeks.Select(w => w!["period"]!.GetValue<string>()));
        Assert.Equal(2, weeks[0]!["inputTokens"]!.GetValue<long>());
        // Sunday 20:00 UTC is already Monday in Tokyo: it moves to the next week.
        Assert.Equal(["2025-06-02", "2025-06-09"], await PeriodsAsync(db, "weekly", "--timezone", "Asia/Tokyo"));
        var tokyo = (await ReportWarehouse.ReportAsync(db, "weekly", "--timezone", "Asia/Tokyo", "--json")).Json["weekly"]!.AsArray();
        Assert.Equal([1L, 2L], tokyo.Select(w => w!["inputTokens"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Months_are_local_months()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-30T23:00:00Z", Sonnet, 1, 1));

        Assert.Equal(["2025-06"], await PeriodsAsync(db, "monthly"));
        Assert.Equal(["2025-07"], await PeriodsAsync(db, "monthly", "--timezone", "Europe/Berlin"));
    }

    [Theory]
    [InlineData("--since", "2025-13-01")]
    [InlineData("--until", "June 1st")]
    [InlineData("--timezone", "Mars/Olympus_Mons")]
    public async Task A_bad_date_or_zone_is_a_usage_error_that_names_the_option(string option, string value)
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-01T12:00:00Z", Sonnet, 1, 1));

        var result = await ReportWarehouse.ReportAsync(db, "daily", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Since_after_until_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-01T12:00:00Z", Sonnet, 1, 1));

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--since", "2025-06-05", "--until", "2025-06-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("after --until", result.Error);
    }

    [Fact]
    public async Task Report_without_a_view_is_the_daily_report()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir, new SeededCall("2025-06-01T12:00:00Z", Sonnet, 1, 1));

        var plain = await HindsightCli.RunAsync("report", "--json", "--db", db);
        var daily = await HindsightCli.RunAsync("report", "daily", "--json", "--db", db);

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(daily.Output, plain.Output);
    }
}
