using System.Text.Json.Nodes;

namespace Hindsight.BigQueryStandIn;

/// <summary>
/// Every request as one JSON line (time, method, path and query, status, body), upload bytes left out (their length
/// instead), so that tests can scan what a client sent for secrets. Headers are not logged: the Authorization header
/// is the stand-in's own token, which the token endpoint's answer, also not logged, carries.
/// </summary>
public sealed class RequestLog(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    private readonly Lock _lock = new();

    public string Path { get; } = path;

    public void Write(string method, string pathAndQuery, int status, string? body)
    {
        var line = new JsonObject
        {
            ["time"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["method"] = method,
            ["path"] = pathAndQuery,
            ["status"] = status,
            ["body"] = body,
        }.ToJsonString();
        lock (_lock) _writer.WriteLine(line);
    }

    public void Dispose()
    {
        lock (_lock) _writer.Dispose();
    }
}
