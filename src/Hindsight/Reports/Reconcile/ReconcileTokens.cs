namespace Hindsight.Reports.Reconcile;

/// <summary>One side's tokens by kind and cost for a session and model; <see cref="Cost"/> null when unpriced or unknown.</summary>
public sealed record ReconcileTokens(long Input, long Output, long CacheCreation, long CacheRead, double? Cost)
{
    public static ReconcileTokens Zero { get; } = new(0, 0, 0, 0, 0);

    public long Total => Input + Output + CacheCreation + CacheRead;

    public static ReconcileTokens operator -(ReconcileTokens a, ReconcileTokens b) =>
        new(a.Input - b.Input, a.Output - b.Output, a.CacheCreation - b.CacheCreation, a.CacheRead - b.CacheRead,
            a.Cost is { } x && b.Cost is { } y ? x - y : null);

    public static ReconcileTokens operator +(ReconcileTokens a, ReconcileTokens b) =>
        new(a.Input + b.Input, a.Output + b.Output, a.CacheCreation + b.CacheCreation, a.CacheRead + b.CacheRead,
            a.Cost is { } x && b.Cost is { } y ? x + y : null);
}
