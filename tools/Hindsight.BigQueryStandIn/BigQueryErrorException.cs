using System.Text.Json.Nodes;

namespace Hindsight.BigQueryStandIn;

/// <summary>An error as BigQuery answers it: an HTTP status, a reason and a message.</summary>
public sealed class BigQueryErrorException(int status, string reason, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Reason { get; } = reason;

    /// <summary>The error as a job's <c>status.errorResult</c>.</summary>
    public JsonObject ToErrorResult() => new() { ["reason"] = Reason, ["message"] = Message };

    /// <summary>The error as an HTTP answer's body.</summary>
    public JsonObject ToBody() => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = Status,
            ["message"] = Message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = Message, ["domain"] = "global", ["reason"] = Reason }),
            ["status"] = Status switch { 400 => "INVALID_ARGUMENT", 401 => "UNAUTHENTICATED", 403 => "PERMISSION_DENIED", 404 => "NOT_FOUND", 409 => "ALREADY_EXISTS", _ => "INTERNAL" },
        },
    };

    public static BigQueryErrorException NotFound(string what) => new(404, "notFound", "Not found: " + what);
    public static BigQueryErrorException Invalid(string message) => new(400, "invalid", message);
}
