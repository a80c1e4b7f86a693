namespace Hindsight.Sampling;

/// <summary>The token numbers one assistant line's <c>message.usage</c> carries.</summary>
internal readonly record struct UsageNumbers(
    long Input,
    long Output,
    long CacheCreation,
    long CacheRead,
    long CacheCreation5m,
    long CacheCreation1h)
{
    public long Total => Input + Output + CacheCreation + CacheRead;
}
