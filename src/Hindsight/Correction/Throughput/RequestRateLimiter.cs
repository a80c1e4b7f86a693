using System.Threading.RateLimiting;

namespace Hindsight.Correction.Throughput;

/// <summary>
/// Token buckets for requests per minute and tokens per minute (System.Threading.RateLimiting), queued first come,
/// first served. Each bucket refills continuously at the configured rate and holds about 50 ms of it, so bursts stay
/// small and the achieved rate is the configured one. These limits, not the worker count, are meant to bound a run.
/// </summary>
public sealed class RequestRateLimiter : IAsyncDisposable
{
    private static readonly TimeSpan TargetPeriod = TimeSpan.FromMilliseconds(50);
    private readonly TokenBucketRateLimiter? _requests;
    private readonly TokenBucketRateLimiter? _tokens;
    private readonly int _tokenBucketSize;

    private readonly RateLimits _limits;

    /// <summary>Creates the limiter; <paramref name="largestRequestTokens"/> sizes the token bucket so that any single request fits.</summary>
    public RequestRateLimiter(RateLimits limits, int largestRequestTokens)
    {
        _limits = limits;
        if (limits.RequestsPerMinute > 0)
        {
            _requests = CreateBucket(limits.RequestsPerMinute, minimumSize: 1);
        }

        if (limits.TokensPerMinute > 0)
        {
            _tokenBucketSize = (int)Math.Min(int.MaxValue, Math.Max(largestRequestTokens, PerPeriod(limits.TokensPerMinute)));
            _tokens = CreateBucket(limits.TokensPerMinute, _tokenBucketSize);
        }
    }

    /// <summary>The requests per second the limits allow for requests of <paramref name="requestTokens"/> tokens; 0 when unlimited.</summary>
    public double SustainableRequestsPerSecond(int requestTokens)
    {
        var byRequests = _limits.RequestsPerMinute > 0 ? _limits.RequestsPerMinute / 60.0 : double.PositiveInfinity;
        var byTokens = _limits.TokensPerMinute > 0 ? _limits.TokensPerMinute / 60.0 / Math.Max(1, requestTokens) : double.PositiveInfinity;
        var rate = Math.Min(byRequests, byTokens);
        return double.IsFinite(rate) ? rate : 0;
    }

    /// <summary>Waits until one request carrying <paramref name="tokens"/> estimated tokens may go. Returns true when it went at once (the limits had room).</summary>
    public async ValueTask<bool> AcquireAsync(int tokens, CancellationToken cancellationToken)
    {
        var hadRoom = true;
        if (_requests is not null)
        {
            hadRoom &= await AcquireAsync(_requests, 1, cancellationToken);
        }

        if (_tokens is not null)
        {
            hadRoom &= await AcquireAsync(_tokens, Math.Clamp(tokens, 1, _tokenBucketSize), cancellationToken);
        }

        return hadRoom;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_requests is not null)
        {
            await _requests.DisposeAsync();
        }

        if (_tokens is not null)
        {
            await _tokens.DisposeAsync();
        }
    }

    private static async ValueTask<bool> AcquireAsync(TokenBucketRateLimiter limiter, int permits, CancellationToken cancellationToken)
    {
        using (var immediate = limiter.AttemptAcquire(permits))
        {
            if (immediate.IsAcquired)
            {
                return true;
            }
        }

        using var lease = await limiter.AcquireAsync(permits, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("the rate limiter refused a request it should have queued");
        }

        return false;
    }

    private static long PerPeriod(long perMinute) => Math.Max(1, (long)Math.Ceiling(perMinute * TargetPeriod.TotalMinutes));

    // Whole tokens per period with a period near 50 ms: 6000 rpm -> 5 every 50 ms, 4000 rpm -> 4 every 60 ms, 15 rpm -> 1 every 4 s.
    private static TokenBucketRateLimiter CreateBucket(long perMinute, long minimumSize)
    {
        var perPeriod = PerPeriod(perMinute);
        var period = TimeSpan.FromMinutes((double)perPeriod / perMinute);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = (int)Math.Min(int.MaxValue, Math.Max(perPeriod, minimumSize)),
            TokensPerPeriod = (int)Math.Min(int.MaxValue, perPeriod),
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
