namespace Hindsight.Pricing;

/// <summary>Prices in USD per million tokens for each kind of token, as written in prices.json.</summary>
public sealed record TokenRates(decimal Input, decimal Output, decimal CacheWrite5m, decimal CacheWrite1h, decimal CacheRead);
