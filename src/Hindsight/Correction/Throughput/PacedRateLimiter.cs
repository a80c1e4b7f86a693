using System.Threading.RateLimiting;

namespace Hindsight.Correction.Throughput;

/// <summary>
/// A token bucket in its virtual-scheduling form (GCRA), as a <see cref="RateLimiter"/>: every acquisition reserves the
/// next free slot of an absolute schedule at the configured rate, first come first served, then waits for it. Unlike
/// a timer-refilled bucket, a late wake-up on a busy machine neither loses capacity (the schedule does not slip) nor
/// builds up a burst (idle time earns at most <c>burst</c> permits), so the achieved rate is the configured one.
/// </summary>
public sealed class PacedRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _permitsPerSecond;
    private readonly double _toleranceSeconds;
    private readonly long _origin;
    private double _theoreticalArrival;
    private long _granted;

    /// <summary>Creates a limiter of <paramref name="permitsPerSecond"/>, letting up to <paramref name="burst"/> permits go at once after idle time.</summary>
    public PacedRateLimiter(double permitsPerSecond, double burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _time = time ?? TimeProvider.System;
        _permitsPerSecond = permitsPerSecond;
        _toleranceSeconds = burst / permitsPerSecond;
        _origin = _time.GetTimestamp();
    }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var idle = Now() - _theoreticalArrival;
                return idle > 0 ? TimeSpan.FromSeconds(idle) : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => new() { TotalSuccessfulLeases = Interlocked.Read(ref _granted) };

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = Now();
            var start = Math.Max(_theoreticalArrival, now - _toleranceSeconds);
            if (start > now)
            {
                return Refused;
            }

            _theoreticalArrival = start + (permitCount / _permitsPerSecond);
        }

        Interlocked.Increment(ref _granted);
        return Granted;
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        double wait;
        lock (_gate)
        {
            var now = Now();
            var start = Math.Max(_theoreticalArrival, now - _toleranceSeconds);
            _theoreticalArrival = start + (permitCount / _permitsPerSecond);
            wait = start - now;
        }

        if (wait > 0)
        {
            // A cancelled wait keeps its slot: the schedule only moves forward, which errs on the safe side of the limit.
            await Task.Delay(TimeSpan.FromSeconds(wait), _time, cancellationToken);
        }

        Interlocked.Increment(ref _granted);
        return Granted;
    }

    private double Now() => _time.GetElapsedTime(_origin).TotalSeconds;

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
