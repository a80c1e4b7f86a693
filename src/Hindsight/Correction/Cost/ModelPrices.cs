namespace Hindsight.Correction.Cost;

/// <summary>USD per million tokens; the default is gemini-2.5-flash-lite's (0.10 input, 0.40 output).</summary>
public sealed record ModelPrices(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>gemini-2.5-flash-lite at the time of writing.</summary>
    public static ModelPrices GeminiFlashLite { get; } = new(0.10m, 0.40m);

    /// <summary>The cost of a call.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
}
