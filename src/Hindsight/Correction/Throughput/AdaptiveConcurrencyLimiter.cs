namespace Hindsight.Correction.Throughput;

/// <summary>
/// Bounds the calls in flight with a limit that adapts (AIMD): it grows after a success that found the limiter full and
/// the rate limiter with room (concurrency, not the rate, was the bottleneck), and halves after a 429 or a timeout.
/// Growth is +1 a success (so it doubles every round trip), and when the sustainable request rate is known from the
/// RPM/TPM limits it jumps at once to what Little's law needs to reach that rate (rate × mean latency, plus 20%
/// headroom): a slow provider at 4,000 RPM needs about a hundred calls in flight, and ramping there one round trip at
/// a time would waste several seconds. A burst of failures from calls that all started before the last decrease
/// causes only one decrease, so one overload episode is not punished many times. Thread-safe.
/// </summary>
public sealed class AdaptiveConcurrencyLimiter
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource<ConcurrencyLease>> _waiters = new();
    private readonly int _minimum;
    private readonly int _maximum;
    private int _limit;
    private int _inFlight;
    private long _epoch;
    private double _meanLatencySeconds;

    /// <summary>Creates a limiter starting at <paramref name="initial"/>, kept within [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public AdaptiveConcurrencyLimiter(int initial, int minimum, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        _minimum = minimum;
        _maximum = maximum;
        _limit = Math.Clamp(initial, minimum, maximum);
        PeakLimit = _limit;
    }

    /// <summary>The current limit.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>The highest limit reached.</summary>
    public int PeakLimit { get; private set; }

    /// <summary>Calls currently holding a slot.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits for a slot.</summary>
    public ValueTask<ConcurrencyLease> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<ConcurrencyLease> waiter;
        lock (_gate)
        {
            if (_inFlight < _limit && _waiters.Count == 0)
            {
                _inFlight++;
                return ValueTask.FromResult(new ConcurrencyLease(_epoch, Saturated: _inFlight >= _limit));
            }

            waiter = new TaskCompletionSource<ConcurrencyLease>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>Returns a slot.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _inFlight--;
            GrantWaiters();
        }
    }

    /// <summary>A call succeeded; grows the limit when concurrency was what held the run back.</summary>
    /// <param name="lease">The slot the call ran under.</param>
    /// <param name="rateLimiterHadRoom">True when the rate limiter let the call go at once.</param>
    /// <param name="latency">The call's latency.</param>
    /// <param name="sustainableRequestsPerSecond">The rate the RPM/TPM limits allow, or 0 when unlimited.</param>
    public void OnSuccess(ConcurrencyLease lease, bool rateLimiterHadRoom, TimeSpan latency, double sustainableRequestsPerSecond)
    {
        lock (_gate)
        {
            const double Smoothing = 0.2;
            var seconds = Math.Max(0, latency.TotalSeconds);
            _meanLatencySeconds = _meanLatencySeconds == 0 ? seconds : ((1 - Smoothing) * _meanLatencySeconds) + (Smoothing * seconds);
            if (!rateLimiterHadRoom || !(lease.Saturated || _waiters.Count > 0 || _inFlight >= _limit) || _limit >= _maximum)
            {
                return;
            }

            var grown = _limit + 1;
            if (sustainableRequestsPerSecond > 0 && double.IsFinite(sustainableRequestsPerSecond))
            {
                var needed = Math.Ceiling(sustainableRequestsPerSecond * _meanLatencySeconds * 1.2);
                grown = (int)Math.Max(grown, Math.Min(_maximum, needed));
            }

            _limit = Math.Min(_maximum, grown);
            PeakLimit = Math.Max(PeakLimit, _limit);
            GrantWaiters();
        }
    }

    /// <summary>The decrease epoch; snapshot it when a call starts and pass it to <see cref="OnOverload"/>.</summary>
    public long Epoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>A call started in <paramref name="callEpoch"/> met a 429 or a timeout; halves the limit unless that was already done since the call started.</summary>
    public void OnOverload(long callEpoch)
    {
        lock (_gate)
        {
            if (callEpoch != _epoch)
            {
                return;
            }

            _epoch++;
            _limit = Math.Max(_minimum, _limit / 2);
        }
    }

    private void GrantWaiters()
    {
        while (_inFlight < _limit && _waiters.Count > 0)
        {
            var waiter = _waiters.Dequeue();
            _inFlight++;
            if (!waiter.TrySetResult(new ConcurrencyLease(_epoch, Saturated: true)))
            {
                _inFlight--;
            }
        }
    }

    private async ValueTask<ConcurrencyLease> WaitAsync(TaskCompletionSource<ConcurrencyLease> waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(static state => ((TaskCompletionSource<ConcurrencyLease>)state!).TrySetCanceled(), waiter))
        {
            return await waiter.Task;
        }
    }
}
