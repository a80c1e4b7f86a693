namespace Hindsight.Correction.Providers;

/// <summary>Why a call to the provider failed; decides between retrying, splitting and opening the circuit.</summary>
public enum ProviderFailureKind
{
    /// <summary>HTTP 429: retried after Retry-After; the concurrency backs off.</summary>
    RateLimited,
    /// <summary>The call did not answer within the per-call timeout: retried; the concurrency backs off.</summary>
    Timeout,
    /// <summary>HTTP 5xx or 408: retried.</summary>
    ServerError,
    /// <summary>The connection failed or broke: retried.</summary>
    Network,
    /// <summary>HTTP 401 or 403: the key is missing or wrong; nothing will succeed, so the circuit opens at once.</summary>
    Unauthorized,
    /// <summary>Another HTTP 4xx (bad request, model not found): not retried; the batch is split.</summary>
    Rejected,
    /// <summary>The HTTP answer could not be read as a chat completion: not retried; the batch is split.</summary>
    InvalidResponse,
}
