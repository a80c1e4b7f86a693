using System.Globalization;

namespace Hindsight.Pricing;

/// <summary>
/// Estimates what usage of a model cost, with ccusage 20.0.24's rules so that Hindsight's numbers can be checked
/// against it: each token kind of one call is priced on its own; the tokens of a kind beyond 200,000 in that call
/// take the model's above-200k rate when it has one; unsplit cache writes take the 5-minute rate; fast mode
/// multiplies the whole call. The arithmetic is IEEE double in ccusage's order, which reproduces its figures to the
/// last bit, not decimal.
/// </summary>
public sealed class CostCalculator(PriceTable prices)
{
    public PriceTable Prices { get; } = prices ?? throw new ArgumentNullException(nameof(prices));

    /// <summary>
    /// The cost of <paramref name="usage"/> for one API call of <paramref name="model"/>; the tier applies per call, so
    /// passing the sum of many calls overstates it when a kind exceeds 200,000 in the sum but in no single call.
    /// </summary>
    public CostEstimate Estimate(string model, TokenUsage usage, bool fastMode = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.Input < 0 || usage.Output < 0 || usage.CacheCreation5m < 0 || usage.CacheCreation1h < 0
            || usage.CacheCreationUnsplit < 0 || usage.CacheRead < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(usage), usage, "Token counts must not be negative.");
        }

        if (!Prices.TryGet(model, out var price))
        {
            return CostEstimate.Unpriced(model);
        }

        var rate = price.Base;
        var above = price.Above200k;
        var cost = Tiered(usage.Input, rate.Input, above?.Input)
            + Tiered(usage.Output, rate.Output, above?.Output)
            + Tiered(usage.CacheCreation5m + usage.CacheCreationUnsplit, rate.CacheWrite5m, above?.CacheWrite5m)
            + Tiered(usage.CacheCreation1h, rate.CacheWrite1h, above?.CacheWrite1h)
            + Tiered(usage.CacheRead, rate.CacheRead, above?.CacheRead);
        if (fastMode)
        {
            cost *= (double)price.FastMultiplier;
        }

        return new CostEstimate { Model = model, PricedAs = price.Model, Usd = cost };
    }

    private static double Tiered(long tokens, decimal perMillion, decimal? abovePerMillion)
    {
        if (tokens == 0)
        {
            return 0.0;
        }

        var baseRate = PerToken(perMillion);
        if (abovePerMillion is { } aboveRate && tokens > ModelPrice.TierThreshold)
        {
            return (ModelPrice.TierThreshold * baseRate) + ((tokens - ModelPrice.TierThreshold) * PerToken(aboveRate));
        }

        return tokens * baseRate;
    }

    // ccusage holds per-token prices as the doubles nearest to LiteLLM's decimal literals (3e-06, 3.75e-06, 3e-07);
    // parsing the decimal text with the exponent applied yields exactly those doubles, which dividing by 1e6 does not always.
    private static double PerToken(decimal perMillion) =>
        double.Parse(perMillion.ToString(CultureInfo.InvariantCulture) + "E-6", NumberStyles.Float, CultureInfo.InvariantCulture);
}
