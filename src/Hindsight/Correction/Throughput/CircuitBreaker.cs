namespace Hindsight.Correction.Throughput;

/// <summary>
/// Stops a run that keeps failing: it opens after <c>threshold</c> provider failures in a row (HTTP errors, timeouts,
/// broken connections; a success resets the count), or at once on an authentication failure, since no call can
/// succeed then. It never closes again within the run: the stage stops cleanly, the finished work is kept, and what
/// was not answered ends as failed ("circuit open"), so the next run retries it. Thread-safe.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly object _gate = new();
    private readonly int _threshold;
    private int _consecutiveFailures;

    /// <summary>Creates a breaker.</summary>
    public CircuitBreaker(int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        _threshold = threshold;
    }

    /// <summary>True once it has opened.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Why it opened, naming the last error.</summary>
    public string? Reason { get; private set; }

    /// <summary>Records a successful call.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
        }
    }

    /// <summary>Records a failed call; <paramref name="fatal"/> opens the circuit at once.</summary>
    public void OnFailure(string error, bool fatal)
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (!IsOpen && (fatal || _consecutiveFailures >= _threshold))
            {
                IsOpen = true;
                Reason = fatal
                    ? $"circuit open: {error}"
                    : $"circuit open after {_consecutiveFailures} failed calls in a row; last error: {error}";
            }
        }
    }
}
