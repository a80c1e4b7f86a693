namespace Hindsight.Simulator;

/// <summary>
/// Requests-per-minute and tokens-per-minute quotas over a rolling 60-second window (not a token
/// bucket): a request is admitted when the requests and tokens admitted in the last 60 seconds, plus
/// its own, stay within the quotas. Refused requests consume nothing. Retry-After is the time until
/// enough admitted requests leave the window. The lock guards a queue and two sums only and is never
/// held across an await, so it cannot become the bottleneck at thousands of requests a minute.
/// </summary>
internal sealed class RollingWindowRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly int _requestsPerMinute;
    private readonly long _tokensPerMinute;
    private readonly TimeProvider _time;
    private readonly Queue<(long Timestamp, long Tokens)> _admitted = new();
    private readonly Lock _gate = new();
    private long _tokensInWindow;

    public RollingWindowRateLimiter(int requestsPerMinute, long tokensPerMinute, TimeProvider time)
    {
        _requestsPerMinute = requestsPerMinute;
        _tokensPerMinute = tokensPerMinute;
        _time = time;
    }

    public RateLimitDecision TryAdmit(long tokens)
    {
        if (_requestsPerMinute <= 0 && _tokensPerMinute <= 0)
        {
            return RateLimitDecision.Admit;
        }
        if (_tokensPerMinute > 0 && tokens > _tokensPerMinute)
        {
            // OpenAI answers such requests with 429 as well; retrying cannot help, and the message says so.
            return new RateLimitDecision(false, FaultNames.TokensPerMinuteLimit, Window,
                $"Request too large: {tokens} tokens requested, the limit is {_tokensPerMinute} tokens per minute.");
        }
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            while (_admitted.Count > 0 && _time.GetElapsedTime(_admitted.Peek().Timestamp, now) >= Window)
            {
                _tokensInWindow -= _admitted.Dequeue().Tokens;
            }

            var requestWait = _requestsPerMinute > 0 && _admitted.Count >= _requestsPerMinute
                ? WaitUntilLeaving(_admitted.ElementAt(_admitted.Count - _requestsPerMinute), now)
                : TimeSpan.Zero;
            var tokenWait = _tokensPerMinute > 0 && _tokensInWindow + tokens > _tokensPerMinute
                ? WaitForTokens(tokens, now)
                : TimeSpan.Zero;
            if (requestWait > TimeSpan.Zero || tokenWait > TimeSpan.Zero)
            {
                var byRequests = requestWait >= tokenWait;
                return new RateLimitDecision(
                    false,
                    byRequests ? FaultNames.RequestsPerMinuteLimit : FaultNames.TokensPerMinuteLimit,
                    byRequests ? requestWait : tokenWait,
                    byRequests
                        ? $"Rate limit reached for requests: limit {_requestsPerMinute} per minute."
                        : $"Rate limit reached for tokens: limit {_tokensPerMinute} per minute, {_tokensInWindow} used, {tokens} requested.");
            }

            _admitted.Enqueue((now, tokens));
            _tokensInWindow += tokens;
            return RateLimitDecision.Admit;
        }
    }

    private TimeSpan WaitForTokens(long tokens, long now)
    {
        var freed = 0L;
        foreach (var entry in _admitted)
        {
            freed += entry.Tokens;
            if (_tokensInWindow - freed + tokens <= _tokensPerMinute)
            {
                return WaitUntilLeaving(entry, now);
            }
        }
        return Window;
    }

    private TimeSpan WaitUntilLeaving((long Timestamp, long Tokens) entry, long now)
    {
        var wait = Window - _time.GetElapsedTime(entry.Timestamp, now);
        // Never zero: a refused request always gets a positive Retry-After.
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
    }
}
