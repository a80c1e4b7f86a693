using Hindsight.Reports;
using Hindsight.Reports.Html;

namespace Hindsight.Tests.Reports.Html;

public sealed class ReportChartsTests
{
    private static UsageReportRow Day(string date, params (string Model, double Cost, long Tokens)[] models) => new()
    {
        Period = date,
        Tokens = new UsageTokens(models.Sum(m => m.Tokens), 0, 0, 0),
        TotalCost = models.Sum(m => m.Cost),
        ModelsUsed = [.. models.Select(m => m.Model)],
        ModelBreakdowns = [.. models.Select(m => new ModelUsage(m.Model, new UsageTokens(m.Tokens, 0, 0, 0), m.Cost, false))],
        LastActivity = DateTimeOffset.UnixEpoch,
    };

    private static UsageReport Daily(params UsageReportRow[] rows) => new()
    {
        Request = new UsageReportRequest { View = ReportView.Daily },
        Rows = rows,
        Totals = new UsageReportTotals(rows.Aggregate(UsageTokens.Zero, (sum, r) => sum + r.Tokens), rows.Sum(r => r.TotalCost), []),
        UndatedCalls = 0,
    };

    [Fact]
    public void Cost_per_day_has_a_series_per_model_most_costly_first_and_a_value_per_day()
    {
        var chart = ReportCharts.PerDayByModel(Daily(Day("2026-02-03", ("opus", 3, 10), ("haiku", 1, 5)), Day("2026-02-04", ("haiku", 1.5, 7))),
            "cost-per-day", "Cost", "USD", m => m.Cost, r => r.TotalCost);

        Assert.Equal(["2026-02-03", "2026-02-04"], chart.Categories);
        Assert.Equal(["opus", "haiku"], chart.Series.Select(s => s.Name));
        Assert.Equal([3.0, 0.0], chart.Series[0].Values);
        Assert.Equal([1.0, 1.5], chart.Series[1].Values);
        Assert.Equal(3, chart.Points);
    }

    [Fact]
    public void Models_past_the_limit_and_calls_without_a_model_are_drawn_as_other_models()
    {
        var models = Enumerable.Range(1, ReportCharts.MostModels + 2).Select(i => ($"m{i}", (double)(100 - i), 1L)).ToArray();
        var day = Day("2026-02-03", models) with { TotalCost = models.Sum(m => m.Item2) + 5 };

        var chart = ReportCharts.PerDayByModel(Daily(day), "cost-per-day", "Cost", "USD", m => m.Cost, r => r.TotalCost);

        Assert.Equal(ReportCharts.MostModels, chart.Series.Count);
        Assert.Equal(ReportCharts.OtherModels, chart.Series[^1].Name);
        // Every dollar of the day is in some series.
        Assert.Equal(day.TotalCost, chart.Series.Sum(s => s.Values[0]), 1e-9);
    }

    [Fact]
    public void The_token_mix_splits_cache_writes_by_lifetime_and_names_the_cache_hit_share()
    {
        var chart = ReportCharts.TokenMix(new UsageTokens(10, 20, 100, 870), [new DayActivity("2026-02-03", 1, 60, 30, 0)]);

        Assert.Equal([10.0, 20, 60, 30, 10, 870], chart.Series.Single().Values);
        Assert.Contains("cache hit share 88.8 %", chart.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runs_chart_stacks_each_runs_stage_times_newest_first()
    {
        var at = DateTimeOffset.Parse("2026-02-03T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        static Hindsight.Runs.RecordedStage Stage(int number, string status, DateTimeOffset start, double? seconds) =>
            new(number, $"stage{number}", status, start, seconds is { } s ? start.AddSeconds(s) : null, null, null, null, null, null);
        var older = new Hindsight.Runs.RecordedRun(Guid.NewGuid(), "run", "succeeded", at, at.AddSeconds(2), null,
            [Stage(0, "succeeded", at, 1.5), Stage(1, "succeeded", at.AddSeconds(1.5), 0.5), Stage(2, "running", at.AddSeconds(2), null)]);
        var newer = new Hindsight.Runs.RecordedRun(Guid.NewGuid(), "extract", "failed", at.AddDays(1), at.AddDays(1).AddSeconds(1), "boom",
            [Stage(1, "failed", at.AddDays(1), 0.25)]);

        var chart = ReportCharts.Runs([older, newer]);

        Assert.Equal(["02-04 10:00 extract (failed)", "02-03 10:00 run (succeeded)"], chart.Categories);
        Assert.Equal(["stage 0", "stage 1", "stage 2"], chart.Series.Select(s => s.Name));
        Assert.Equal([0.0, 1.5], chart.Series[0].Values);
        Assert.Equal([0.25, 0.5], chart.Series[1].Values);
        Assert.Equal([0.0, 0.0], chart.Series[2].Values);
    }
}
