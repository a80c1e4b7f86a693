namespace Hindsight.Simulator;

/// <summary>Whether a request was admitted; if not, which quota refused it and when capacity frees.</summary>
internal readonly record struct RateLimitDecision(bool Admitted, string? Fault, TimeSpan RetryAfter, string? Message)
{
    public static readonly RateLimitDecision Admit = new(true, null, TimeSpan.Zero, null);
}
