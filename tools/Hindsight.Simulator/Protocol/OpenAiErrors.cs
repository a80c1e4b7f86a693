using System.Globalization;
using System.Text.Json;

namespace Hindsight.Simulator;

/// <summary>OpenAI-style error answers: {"error":{"message","type","param","code"}}.</summary>
internal static class OpenAiErrors
{
    private static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = CorrectionContent.WriterOptions.Encoder };

    public static SimulatedResponse BadRequest(string message) =>
        Error(400, message, "invalid_request_error", "invalid_request");

    public static SimulatedResponse Unauthorized() =>
        Error(401, "Incorrect API key provided. The simulator was started with a required key.", "invalid_request_error", "invalid_api_key");

    public static SimulatedResponse NotFound(string path) =>
        Error(404, $"The simulator has no endpoint {path}.", "invalid_request_error", "unknown_url");

    public static SimulatedResponse RateLimited(string message, TimeSpan retryAfter, string fault)
    {
        var wait = retryAfter < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : retryAfter;
        return Error(429, message, "rate_limit_error", "rate_limit_exceeded", fault) with
        {
            Headers = new Dictionary<string, string>
            {
                // Whole seconds rounded up, which every HTTP client parses; retry-after-ms (an OpenAI header) is exact.
                ["Retry-After"] = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                ["retry-after-ms"] = ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    public static SimulatedResponse ServerError(bool overloaded, string fault) => overloaded
        ? Error(503, "The engine is currently overloaded, please try again later.", "server_error", "service_unavailable", fault)
        : Error(500, "The server had an error while processing your request. Sorry about that!", "server_error", "internal_error", fault);

    public static SimulatedResponse GatewayTimeout(string fault) =>
        Error(504, "The request timed out before the model answered.", "timeout", "timeout", fault);

    public static SimulatedResponse ShuttingDown() =>
        Error(503, "The simulator is shutting down.", "server_error", "service_unavailable");

    private static SimulatedResponse Error(int status, string message, string type, string code, string? fault = null)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["error"] = new Dictionary<string, object?> { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        }, SerializerOptions);
        return new SimulatedResponse(status, json, fault);
    }
}
