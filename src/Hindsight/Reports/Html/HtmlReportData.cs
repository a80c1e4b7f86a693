namespace Hindsight.Reports.Html;

/// <summary>Everything the page shows except the sessions' conversations, which are streamed while the page is written.</summary>
public sealed record HtmlReportData
{
    /// <summary>`report daily`: the totals and the per-day, per-model tokens and cost.</summary>
    public required UsageReport Daily { get; init; }

    /// <summary>`report project`.</summary>
    public required UsageReport Projects { get; init; }

    /// <summary>`report session` (sessions as ccusage derives them from the file path).</summary>
    public required UsageReport Sessions { get; init; }

    /// <summary>Per local date (same zone and filters as the reports): sessions with an API call, and cache writes by lifetime.</summary>
    public required IReadOnlyList<DayActivity> Days { get; init; }

    public required IReadOnlyList<CorrectionCount> Corrections { get; init; }

    /// <summary>The last runs, as `hindsight runs` reads them (<see cref="Runs.RunHistory"/>).</summary>
    public required IReadOnlyList<Runs.RecordedRun> Runs { get; init; }

    public required IReadOnlyDictionary<string, ProjectActivity> ProjectActivity { get; init; }
}

public sealed record DayActivity(string Date, int Sessions, long CacheWrite5m, long CacheWrite1h, long CacheWriteUnsplit);

public sealed record CorrectionCount(string Status, long Prompts, double CostUsd);

public sealed record ProjectActivity(string Project, long Sessions, long Prompts);

public sealed record SessionActivity(string? Project, DateTimeOffset? FirstAt, DateTimeOffset? LastAt, long Prompts);
