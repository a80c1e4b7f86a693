namespace Hindsight.Simulator;

/// <summary>One request as the simulator received it, with what it answered. Never holds the Authorization value.</summary>
/// <param name="ReceivedAt">When the request arrived.</param>
/// <param name="Path">The request path, e.g. /v1/chat/completions.</param>
/// <param name="HadAuthorization">Whether an Authorization header was present (its value is never kept).</param>
/// <param name="Body">The raw request body.</param>
public sealed record ReceivedRequest(DateTimeOffset ReceivedAt, string Path, bool HadAuthorization, string Body)
{
    /// <summary>HTTP status answered; 499 when the client went away before an answer.</summary>
    public int Status { get; init; }

    /// <summary>
    /// The fault applied (too_many_requests, server_error, timeout, malformed_json, missing_id, extra_id,
    /// duplicate_id, tampered_placeholder, rewrite), rate_limit_rpm / rate_limit_tpm when a quota refused
    /// the request, or null.
    /// </summary>
    public string? Fault { get; init; }
}
