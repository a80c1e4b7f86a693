namespace Hindsight.Pricing;

/// <summary>One parsed price file: the shipped table or a user's override, before merging.</summary>
internal sealed record PriceTableDocument(string Origin, string? Version, string? Source, IReadOnlyList<ModelPrice> Models);
