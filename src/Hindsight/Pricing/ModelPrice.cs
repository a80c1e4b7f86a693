namespace Hindsight.Pricing;

/// <summary>
/// The price of one model: base rates, the optional rates for tokens beyond 200,000 of one kind in one call,
/// the fast-mode multiplier (<c>usage.speed == "fast"</c>) and the other names the model is known by.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>Token count of one kind in one call above which <see cref="Above200k"/> applies (ccusage: strictly more than).</summary>
    public const long TierThreshold = 200_000;

    public required string Model { get; init; }
    public required TokenRates Base { get; init; }
    public TokenRates? Above200k { get; init; }
    public decimal FastMultiplier { get; init; } = 1m;
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Note { get; init; }
}
