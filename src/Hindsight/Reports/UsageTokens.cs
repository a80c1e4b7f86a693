namespace Hindsight.Reports;

/// <summary>Token counts by kind. Cache creation is every cache write (5-minute and 1-hour together), as ccusage prints it.</summary>
public readonly record struct UsageTokens(long Input, long Output, long CacheCreation, long CacheRead)
{
    public static UsageTokens Zero { get; } = new(0, 0, 0, 0);

    /// <summary>The sum of the four kinds (ccusage's <c>totalTokens</c>).</summary>
    public long Total => Input + Output + CacheCreation + CacheRead;

    public static UsageTokens operator +(UsageTokens left, UsageTokens right) => new(
        left.Input + right.Input,
        left.Output + right.Output,
        left.CacheCreation + right.CacheCreation,
        left.CacheRead + right.CacheRead);

    public UsageTokens Add(UsageTokens other) => this + other;
}
