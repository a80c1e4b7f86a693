namespace Hindsight.Reports;

/// <summary>The sum of every row of a report, and the models that had no price (ccusage's <c>totals</c>).</summary>
public sealed record UsageReportTotals(UsageTokens Tokens, double TotalCost, IReadOnlyList<string> UnpricedModels);
