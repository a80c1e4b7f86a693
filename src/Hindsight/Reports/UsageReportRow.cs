namespace Hindsight.Reports;

/// <summary>
/// One row of a usage report: a period (date, week, month, session, project or model) with its tokens and cost.
/// <see cref="Tokens"/> can exceed the sum of <see cref="ModelBreakdowns"/>: calls without a model name count
/// in the row but in no breakdown, as in ccusage.
/// </summary>
public sealed record UsageReportRow
{
    /// <summary>The row's key: <c>YYYY-MM-DD</c>, the week's Monday, <c>YYYY-MM</c>, a session id, a project or a model.</summary>
    public required string Period { get; init; }

    /// <summary>The agents whose calls the row holds (<c>api_calls.agent</c>), in name order.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];

    public required UsageTokens Tokens { get; init; }

    /// <summary>Sum of the priced calls' costs in USD; unpriced calls add nothing (see <see cref="HasUnpricedModels"/>).</summary>
    public required double TotalCost { get; init; }

    /// <summary>Models seen in the row (ccusage's <c>modelsUsed</c>), in the view's order.</summary>
    public required IReadOnlyList<string> ModelsUsed { get; init; }

    /// <summary>Per-model tokens and cost, by cost descending (ties by name).</summary>
    public required IReadOnlyList<ModelUsage> ModelBreakdowns { get; init; }

    /// <summary>The latest call of the row (UTC).</summary>
    public required DateTimeOffset LastActivity { get; init; }

    public bool HasUnpricedModels => ModelBreakdowns.Any(m => m.MissingPricing);
}
