namespace Hindsight.Reports.Html;

/// <summary>What a written page holds: its charts, sessions embedded, and the totals it shows (those of `report daily`).</summary>
public sealed record HtmlReportSummary(int Charts, int Sessions, UsageReportTotals Totals);
