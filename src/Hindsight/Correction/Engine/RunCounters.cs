namespace Hindsight.Correction.Engine;

/// <summary>Counters updated from several tasks.</summary>
internal sealed class RunCounters
{
    private long _calls;
    private long _retries;
    private long _rateLimited;
    private long _timedOut;
    private long _splits;
    private long _usageRejected;
    private string? _firstUsageRejectedReason;

    internal long Calls => Interlocked.Read(ref _calls);

    internal long Retries => Interlocked.Read(ref _retries);

    internal long RateLimited => Interlocked.Read(ref _rateLimited);

    internal long TimedOut => Interlocked.Read(ref _timedOut);

    internal long Splits => Interlocked.Read(ref _splits);

    internal long UsageRejectedCount => Interlocked.Read(ref _usageRejected);

    internal string? FirstUsageRejectedReason => Volatile.Read(ref _firstUsageRejectedReason);

    /// <summary>An answer whose reported token counts were not believed; the first reason is kept for the metrics.</summary>
    internal void UsageRejected(string reason)
    {
        Interlocked.Increment(ref _usageRejected);
        Interlocked.CompareExchange(ref _firstUsageRejectedReason, reason, null);
    }

    internal void Call() => Interlocked.Increment(ref _calls);

    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void RateLimit() => Interlocked.Increment(ref _rateLimited);

    internal void Timeout() => Interlocked.Increment(ref _timedOut);

    internal void Split() => Interlocked.Increment(ref _splits);
}
