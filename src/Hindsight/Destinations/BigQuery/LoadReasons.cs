namespace Hindsight.Destinations.BigQuery;

/// <summary>What a publish does with a job that ended with an error reason (BigQuery's <c>errorResult.reason</c>).</summary>
public enum LoadReasonKind
{
    /// <summary>BigQuery's side failed for a while: the partition is loaded again at once, as a new job.</summary>
    Transient,

    /// <summary>A quota is used up: the partition waits for the next publish (exit 4).</summary>
    Quota,

    /// <summary>The load itself is wrong or not allowed: the publish fails with BigQuery's message (exit 1).</summary>
    Terminal,
}

/// <summary>The one mapping of BigQuery's error reasons to what a publish does with them.</summary>
public static class LoadReasons
{
    public static LoadReasonKind Of(string reason) => reason switch
    {
        "backendError" or "internalError" or "rateLimitExceeded" or "backendError503" or "jobBackendError" => LoadReasonKind.Transient,
        "quotaExceeded" => LoadReasonKind.Quota,
        _ => LoadReasonKind.Terminal,
    };
}
