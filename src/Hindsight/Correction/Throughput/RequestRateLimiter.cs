using System.Threading.RateLimiting;

namespace Hindsight.Correction.Throughput;

/// <summary>
/// The run's limits on requests per minute and tokens per minute, each a <see cref="PacedRateLimiter"/> (a token
/// bucket in virtual-scheduling form) allowing about 100 ms of its rate at once (a busy machine that stalls that long loses no capacity). These limits, not the worker count,
/// are meant to bound a run.
/// </summary>
public sealed class RequestRateLimiter : IAsyncDisposable
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(100);
    private readonly RateLimits _limits;
    private readonly PacedRateLimiter? _requests;
    private readonly PacedRateLimiter? _tokens;

    /// <summary>Creates the limiter; 0 in <paramref name="limits"/> means unlimited.</summary>
    public RequestRateLimiter(RateLimits limits, TimeProvider? time = null)
    {
        _limits = limits;
        if (limits.RequestsPerMinute > 0)
        {
            var perSecond = limits.RequestsPerMinute / 60.0;
            _requests = new PacedRateLimiter(perSecond, Math.Max(1, perSecond * BurstWindow.TotalSeconds), time);
        }

        if (limits.TokensPerMinute > 0)
        {
            var perSecond = limits.TokensPerMinute / 60.0;
            _tokens = new PacedRateLimiter(perSecond, perSecond * BurstWindow.TotalSeconds, time);
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
            hadRoom &= await AcquireAsync(_tokens, Math.Max(1, tokens), cancellationToken);
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

    private static async ValueTask<bool> AcquireAsync(RateLimiter limiter, int permits, CancellationToken cancellationToken)
    {
        using (var immediate = limiter.AttemptAcquire(permits))
        {
            if (immediate.IsAcquired)
            {
                return true;
            }
        }

        using var lease = await limiter.AcquireAsync(permits, cancellationToken);
        return false;
    }
}
