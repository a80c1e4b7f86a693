namespace Hindsight.Pricing;

/// <summary>
/// Token counts of one API call (or a sum of calls), split the way they are priced.
/// Cache writes come either split by lifetime (<c>usage.cache_creation.ephemeral_5m/1h_input_tokens</c>) or, in
/// transcripts older than the split, as one flat number, kept apart in <see cref="CacheCreationUnsplit"/> and priced
/// at the 5-minute rate as ccusage does.
/// </summary>
public sealed record TokenUsage
{
    public static TokenUsage Zero { get; } = new();

    public long Input { get; init; }
    public long Output { get; init; }
    public long CacheCreation5m { get; init; }
    public long CacheCreation1h { get; init; }

    /// <summary>Cache-write tokens of a line that carries no 5m/1h split; priced at the 5-minute rate.</summary>
    public long CacheCreationUnsplit { get; init; }

    public long CacheRead { get; init; }

    /// <summary>All cache-write tokens, what ccusage reports as <c>cacheCreationTokens</c>.</summary>
    public long CacheCreation => CacheCreation5m + CacheCreation1h + CacheCreationUnsplit;

    /// <summary>Input + output + cache writes + cache reads, ccusage's <c>totalTokens</c>.</summary>
    public long Total => Input + Output + CacheCreation + CacheRead;

    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new TokenUsage
        {
            Input = left.Input + right.Input,
            Output = left.Output + right.Output,
            CacheCreation5m = left.CacheCreation5m + right.CacheCreation5m,
            CacheCreation1h = left.CacheCreation1h + right.CacheCreation1h,
            CacheCreationUnsplit = left.CacheCreationUnsplit + right.CacheCreationUnsplit,
            CacheRead = left.CacheRead + right.CacheRead,
        };
    }

    public TokenUsage Add(TokenUsage other) => this + other;
}
