namespace Hindsight.Correction.Throughput;

/// <summary>The provider's limits to stay under; 0 means unlimited.</summary>
/// <param name="RequestsPerMinute">--rpm.</param>
/// <param name="TokensPerMinute">--tpm (estimated input plus output tokens).</param>
public readonly record struct RateLimits(int RequestsPerMinute, long TokensPerMinute)
{
    /// <summary>The shortest time these limits allow for <paramref name="requests"/> requests carrying <paramref name="tokens"/> tokens.</summary>
    public TimeSpan MinimumDuration(long requests, long tokens)
    {
        var byRequests = RequestsPerMinute > 0 ? (double)requests / RequestsPerMinute : 0;
        var byTokens = TokensPerMinute > 0 ? (double)tokens / TokensPerMinute : 0;
        return TimeSpan.FromMinutes(Math.Max(byRequests, byTokens));
    }
}
