namespace Hindsight.Pricing;

/// <summary>
/// The estimated cost of some usage of one model, or the statement that the model has no price.
/// An unpriced estimate has no <see cref="Usd"/>; callers must show it as unpriced rather than as zero.
/// </summary>
public sealed record CostEstimate
{
    public required string Model { get; init; }

    /// <summary>The price-table entry that priced it (its canonical name); null when unpriced.</summary>
    public string? PricedAs { get; init; }

    public double? Usd { get; init; }

    public bool IsPriced => Usd is not null;

    public static CostEstimate Unpriced(string model) => new() { Model = model };
}
