namespace Hindsight.Simulator;

/// <summary>
/// Thread-safe counters of what the simulator did on its chat-completions endpoints. Once every request
/// has been answered, Requests = Succeeded + RateLimited + ServerErrors + TimedOut + MalformedJson
/// + MissingId + ExtraId + DuplicateId + TamperedPlaceholder + Rewrite + Unauthorized + BadRequests
/// + ClientAborted.
/// </summary>
public sealed class SimulatorStats
{
    private long _requests;
    private long _succeeded;
    private long _rateLimited;
    private long _serverErrors;
    private long _timedOut;
    private long _malformedJson;
    private long _missingId;
    private long _extraId;
    private long _duplicateId;
    private long _tamperedPlaceholder;
    private long _rewrite;
    private long _itemsReceived;
    private long _promptTokens;
    private long _completionTokens;
    private long _unauthorized;
    private long _badRequests;
    private long _clientAborted;

    /// <summary>Chat-completion requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Answered 200 with correct content (no fault).</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Answered 429, by a quota or by the TooManyRequests fault.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Answered 500 or 503 by the ServerError fault.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Held by the Timeout fault.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Answered 200 with content that is not valid JSON.</summary>
    public long MalformedJson => Interlocked.Read(ref _malformedJson);

    /// <summary>Answered 200 with one item missing.</summary>
    public long MissingId => Interlocked.Read(ref _missingId);

    /// <summary>Answered 200 with an item whose id was not sent.</summary>
    public long ExtraId => Interlocked.Read(ref _extraId);

    /// <summary>Answered 200 with one item repeated.</summary>
    public long DuplicateId => Interlocked.Read(ref _duplicateId);

    /// <summary>Answered 200 with one placeholder renumbered or dropped.</summary>
    public long TamperedPlaceholder => Interlocked.Read(ref _tamperedPlaceholder);

    /// <summary>Answered 200 with one item rewritten into something else.</summary>
    public long Rewrite => Interlocked.Read(ref _rewrite);

    /// <summary>Items in well-formed batches received.</summary>
    public long ItemsReceived => Interlocked.Read(ref _itemsReceived);

    /// <summary>Prompt tokens of the requests answered 200.</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Completion tokens of the answers with status 200.</summary>
    public long CompletionTokens => Interlocked.Read(ref _completionTokens);

    /// <summary>Answered 401 (addition to the shared contract).</summary>
    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    /// <summary>Answered 400 (addition to the shared contract).</summary>
    public long BadRequests => Interlocked.Read(ref _badRequests);

    /// <summary>Abandoned by the client before any answer, timeouts excluded (addition to the shared contract).</summary>
    public long ClientAborted => Interlocked.Read(ref _clientAborted);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountItems(int items) => Interlocked.Add(ref _itemsReceived, items);

    internal void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    internal void CountBadRequest() => Interlocked.Increment(ref _badRequests);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void CountClientAborted() => Interlocked.Increment(ref _clientAborted);

    internal void CountTokens(long prompt, long completion)
    {
        Interlocked.Add(ref _promptTokens, prompt);
        Interlocked.Add(ref _completionTokens, completion);
    }

    internal void CountOutcome(FaultKind fault)
    {
        switch (fault)
        {
            case FaultKind.None: Interlocked.Increment(ref _succeeded); break;
            case FaultKind.TooManyRequests: Interlocked.Increment(ref _rateLimited); break;
            case FaultKind.ServerError: Interlocked.Increment(ref _serverErrors); break;
            case FaultKind.Timeout: Interlocked.Increment(ref _timedOut); break;
            case FaultKind.MalformedJson: Interlocked.Increment(ref _malformedJson); break;
            case FaultKind.MissingId: Interlocked.Increment(ref _missingId); break;
            case FaultKind.ExtraId: Interlocked.Increment(ref _extraId); break;
            case FaultKind.DuplicateId: Interlocked.Increment(ref _duplicateId); break;
            case FaultKind.TamperedPlaceholder: Interlocked.Increment(ref _tamperedPlaceholder); break;
            case FaultKind.Rewrite: Interlocked.Increment(ref _rewrite); break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault kind.");
        }
    }
}
