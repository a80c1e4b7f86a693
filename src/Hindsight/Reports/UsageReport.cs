namespace Hindsight.Reports;

/// <summary>A usage report: rows in the view's order and their totals.</summary>
public sealed record UsageReport
{
    public required UsageReportRequest Request { get; init; }

    public ReportView View => Request.View;

    public required IReadOnlyList<UsageReportRow> Rows { get; init; }

    public required UsageReportTotals Totals { get; init; }

    /// <summary>Calls left out because they have no timestamp, so no date can place them.</summary>
    public required long UndatedCalls { get; init; }

    /// <summary>What the totals cannot vouch for: lines without ids, unfinalised subagent output.</summary>
    public UsageReportWarnings Warnings { get; init; } = UsageReportWarnings.None;
}
