namespace Hindsight.Reports.Html;

/// <summary>What `report html` covers: the usage reports' filters, and how many sessions the viewer holds.</summary>
public sealed record HtmlReportRequest
{
    /// <summary>The same filters as `report daily|project|session` (its view is ignored: the page reads each one).</summary>
    public required UsageReportRequest Filters { get; init; }

    /// <summary>The top sessions by cost whose conversation the page embeds; the page's size grows with it, not with the corpus.</summary>
    public int SessionCount { get; init; } = DefaultSessionCount;

    /// <summary>When the page was made, shown in its header.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    public const int DefaultSessionCount = 20;

    public UsageReportRequest For(ReportView view) => Filters with { View = view };
}
