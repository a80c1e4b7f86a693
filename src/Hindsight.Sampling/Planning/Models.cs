namespace Hindsight.Sampling;

/// <summary>The assistant models the generator writes (all priced in the price table), plus the client-side one.</summary>
internal static class Models
{
    public const string Sonnet45 = "claude-sonnet-4-5-20250929";
    public const string Opus45 = "claude-opus-4-5-20251101";
    public const string Haiku45 = "claude-haiku-4-5-20251001";
    public const string Sonnet4 = "claude-sonnet-4-20250514";
    public const string Synthetic = "<synthetic>";

    public static string ForSession(TranscriptEra era, DeterministicRandom random) => era switch
    {
        TranscriptEra.V10 => Sonnet4,
        TranscriptEra.V20 => random.PickWeighted([0.55, 0.30, 0.15]) switch { 0 => Sonnet45, 1 => Opus45, _ => Sonnet4 },
        _ => random.PickWeighted([0.50, 0.40, 0.10]) switch { 0 => Opus45, 1 => Sonnet45, _ => Haiku45 },
    };

    public static string ForAgent(SessionPlan parent, DeterministicRandom random) =>
        parent.Version.Era == TranscriptEra.V10 ? Sonnet4 : random.Chance(0.5) ? Haiku45 : parent.Model;
}
