using System.Net;
using System.Text.Json.Nodes;

namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// An error BigQuery answered: its HTTP status, its reason (<c>invalid</c>, <c>quotaExceeded</c>, <c>duplicate</c> ...)
/// and its own message, which the publish repeats to the user. Never carries a request's headers (the token).
/// </summary>
public sealed class BigQueryException(HttpStatusCode status, string reason, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Reason { get; } = reason;

    /// <summary>BigQuery's error body (<c>{"error":{"code","message","errors":[{"reason","message"}]}}</c>) as an exception.</summary>
    public static BigQueryException From(HttpStatusCode status, JsonObject? body)
    {
        var error = body?["error"];
        var reason = error?["errors"]?.AsArray().FirstOrDefault()?["reason"]?.GetValue<string>() ?? error?["status"]?.GetValue<string>() ?? "http" + (int)status;
        var message = error?["message"]?.GetValue<string>() ?? $"HTTP {(int)status} without a BigQuery error body";
        return new BigQueryException(status, reason, message);
    }
}
