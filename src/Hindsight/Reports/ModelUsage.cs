namespace Hindsight.Reports;

/// <summary>
/// One model's share of a report row (ccusage's <c>modelBreakdowns[]</c>). An unpriced model has
/// <see cref="MissingPricing"/> set and a cost of 0 that stands for "unknown", never for "free".
/// </summary>
public sealed record ModelUsage(string ModelName, UsageTokens Tokens, double Cost, bool MissingPricing);
