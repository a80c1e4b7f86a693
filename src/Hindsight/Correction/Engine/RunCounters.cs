namespace Hindsight.Correction.Engine;

/// <summary>Counters updated from several tasks.</summary>
internal sealed class RunCounters
{
    private long _calls;
    private long _retries;
    private long _rateLimited;
    private long _timedOut;
    private long _splits;

    internal long Calls => Interlocked.Read(ref _calls);

    internal long Retries => Interlocked.Read(ref _retries);

    internal long RateLimited => Interlocked.Read(ref _rateLimited);

    internal long TimedOut => Interlocked.Read(ref _timedOut);

    internal long Splits => Interlocked.Read(ref _splits);

    internal void Call() => Interlocked.Increment(ref _calls);

    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void RateLimit() => Interlocked.Increment(ref _rateLimited);

    internal void Timeout() => Interlocked.Increment(ref _timedOut);

    internal void Split() => Interlocked.Increment(ref _splits);
}
