using System.Globalization;

namespace Hindsight.Reports.Html;

/// <summary>The page's charts as data, from the reports' rows: pure, so their series and points are tested directly.</summary>
public static class ReportCharts
{
    /// <summary>Models beyond this many (by cost) are drawn together as "other models", so that a legend stays readable.</summary>
    public const int MostModels = 6;

    /// <summary>Projects beyond this many (by cost) are left out of the project chart (the table lists them all).</summary>
    public const int MostProjects = 15;

    public const string OtherModels = "other models";

    public static IReadOnlyList<ChartSpec> All(HtmlReportData data) =>
    [
        PerDayByModel(data.Daily, "cost-per-day", "Cost per day, by model", "USD", m => m.Cost, r => r.TotalCost),
        PerDayByModel(data.Daily, "tokens-per-day", "Tokens per day, by model", "tokens", m => m.Tokens.Total, r => r.Tokens.Total),
        CostByProject(data.Projects),
        TokenMix(data.Daily.Totals.Tokens, data.Days),
        SessionsPerDay(data.Days),
        Corrections(data.Corrections),
        Runs(data.Runs),
    ];

    public static ChartSpec PerDayByModel(UsageReport daily, string id, string title, string unit, Func<ModelUsage, double> value, Func<UsageReportRow, double> rowTotal)
    {
        ArgumentNullException.ThrowIfNull(daily);
        var ranked = daily.Rows.SelectMany(r => r.ModelBreakdowns)
            .GroupBy(m => m.ModelName, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Cost: g.Sum(m => m.Cost), Tokens: g.Sum(m => m.Tokens.Total)))
            .OrderByDescending(m => m.Cost).ThenByDescending(m => m.Tokens).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => m.Name).ToList();
        var shown = ranked.Take(ranked.Count > MostModels ? MostModels - 1 : MostModels).ToList();
        var series = shown.Select(model => new ChartSeries(model,
            [.. daily.Rows.Select(r => r.ModelBreakdowns.Where(m => m.ModelName == model).Sum(value))])).ToList();
        // The rest: models past the cut, and calls without a model (in a row's total but in no breakdown).
        var rest = daily.Rows.Select(r => rowTotal(r) - r.ModelBreakdowns.Where(m => shown.Contains(m.ModelName)).Sum(value)).ToList();
        if (rest.Any(v => v > 1e-9)) series.Add(new ChartSeries(OtherModels, rest));
        return new ChartSpec
        {
            Id = id, Title = title, ValueLabel = unit,
            Categories = [.. daily.Rows.Select(r => r.Period)],
            Series = series,
        };
    }

    public static ChartSpec CostByProject(UsageReport projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var top = projects.Rows.Take(MostProjects).ToList();
        return new ChartSpec
        {
            Id = "cost-by-project", Title = $"Cost by project (top {top.Count} of {projects.Rows.Count})", ValueLabel = "USD", Horizontal = true,
            Categories = [.. top.Select(r => r.Period)],
            Series = [new ChartSeries("cost", [.. top.Select(r => r.TotalCost)])],
        };
    }

    /// <summary>Input, output, cache writes by lifetime, cache reads; the title gives the cache hit share (reads over all input-side tokens).</summary>
    public static ChartSpec TokenMix(UsageTokens totals, IReadOnlyList<DayActivity> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        long w5m = days.Sum(d => d.CacheWrite5m), w1h = days.Sum(d => d.CacheWrite1h);
        // Cache writes whose lifetime the transcript did not say: the report's total less the split ones.
        long unsplit = Math.Max(0, totals.CacheCreation - w5m - w1h);
        long inputSide = totals.Input + totals.CacheCreation + totals.CacheRead;
        double hitShare = inputSide == 0 ? 0 : totals.CacheRead / (double)inputSide;
        return new ChartSpec
        {
            Id = "token-mix", Title = $"Token mix (cache hit share {hitShare.ToString("P1", CultureInfo.InvariantCulture)})", ValueLabel = "tokens", Horizontal = true,
            Categories = ["input", "output", "cache write 5m", "cache write 1h", "cache write, no lifetime", "cache read"],
            Series = [new ChartSeries("tokens", [totals.Input, totals.Output, w5m, w1h, unsplit, totals.CacheRead])],
        };
    }

    public static ChartSpec SessionsPerDay(IReadOnlyList<DayActivity> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return new ChartSpec
        {
            Id = "sessions-per-day", Title = "Sessions per day (with at least one API call)", ValueLabel = "sessions",
            Categories = [.. days.Select(d => d.Date)],
            Series = [new ChartSeries("sessions", [.. days.Select(d => (double)d.Sessions)])],
        };
    }

    public static ChartSpec Corrections(IReadOnlyList<CorrectionCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new ChartSpec
        {
            Id = "corrections", Title = $"Stage 4: prompts by correction outcome (cost {HtmlText.Usd(counts.Sum(c => c.CostUsd))})", ValueLabel = "prompts", Horizontal = true,
            Categories = [.. counts.Select(c => c.Status)],
            Series = [new ChartSeries("prompts", [.. counts.Select(c => (double)c.Prompts)])],
        };
    }

    /// <summary>The last runs, newest first (at the top), each bar its stages' durations stacked (a stage still running counts nothing).</summary>
    public static ChartSpec Runs(IReadOnlyList<Hindsight.Runs.RecordedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderByDescending(r => r.StartedAt).ToList();
        var stages = ordered.SelectMany(r => r.Stages.Select(s => s.Stage)).Distinct().Order().ToList();
        return new ChartSpec
        {
            Id = "runs", Title = "Last runs: time per stage", ValueLabel = "seconds", Horizontal = true,
            Categories = [.. ordered.Select(r => $"{r.StartedAt.UtcDateTime:MM-dd HH:mm} {r.Command} ({r.Status})")],
            Series = [.. stages.Select(stage => new ChartSeries($"stage {stage}",
                [.. ordered.Select(r => r.Stages.Where(s => s.Stage == stage).Sum(s => s.EndedAt is { } ended ? (ended - s.StartedAt).TotalSeconds : 0))]))],
        };
    }
}
