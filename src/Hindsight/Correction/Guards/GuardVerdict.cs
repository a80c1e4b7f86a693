namespace Hindsight.Correction.Guards;

/// <summary>The guards' conclusion about one item, with the reason when it was rejected.</summary>
public sealed record GuardVerdict(GuardOutcome Outcome, string? Reason)
{
    /// <summary>The text was returned as sent.</summary>
    public static GuardVerdict Unchanged { get; } = new(GuardOutcome.Unchanged, null);

    /// <summary>The change passed every guard.</summary>
    public static GuardVerdict Corrected { get; } = new(GuardOutcome.Corrected, null);

    /// <summary>A rejection with its reason.</summary>
    public static GuardVerdict Rejected(string reason) => new(GuardOutcome.Rejected, reason);
}
