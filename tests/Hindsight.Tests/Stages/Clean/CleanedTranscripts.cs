using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// A few hand-written transcript files in a temp folder, run through <c>extract</c> and <c>clean</c> in-process on a
/// real DuckDB warehouse: the smallest public surface of stage 2's SQL rules (duplicates, API calls), tested as lines
/// in, rows out, so the tests do not depend on how stage 1 stores what the rules read.
/// </summary>
internal sealed class CleanedTranscripts : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Db => _dir.Combine("h.duckdb");

    private string Projects => _dir.Combine("projects");

    /// <summary>Writes a file under projects/ (e.g. <c>-home-ana-shop/&lt;session&gt;.jsonl</c>).</summary>
    public CleanedTranscripts File(string relativePath, params string[] lines)
    {
        _dir.Write(Path.Combine("projects", relativePath), TranscriptLines.Jsonl(lines));
        return this;
    }

    public async Task CleanAsync()
    {
        var extract = await HindsightCli.RunAsync("extract", "--source", Projects, "--db", Db, "--quiet");
        Assert.True(extract.ExitCode == 0, extract.ToString());
        var clean = await HindsightCli.RunAsync("clean", "--source", Projects, "--db", Db, "--quiet");
        Assert.True(clean.ExitCode == 0, clean.ToString());
    }

    public Task<List<object?[]>> RowsAsync(string sql) => WarehouseProbe.RowsAsync(Db, sql);

    /// <summary>Each record's duplicate mark as "reason -> kept file:line", or "none", by "file:line".</summary>
    public async Task<Dictionary<string, string>> DuplicateMarksAsync() =>
        (await RowsAsync("""
            SELECT f.relative_path, m.line_no, m.is_duplicate, m.duplicate_reason, kf.relative_path, m.duplicate_of_line_no
            FROM messages m JOIN files f USING (file_id) LEFT JOIN files kf ON kf.file_id = m.duplicate_of_file_id
            WHERE m.block_index IS NULL
            """)).ToDictionary(r => $"{r[0]}:{r[1]}", r => (bool)r[2]! ? $"{r[3]} -> {r[4]}:{r[5]}" : "none");

    public void Dispose() => _dir.Dispose();
}

/// <summary>Transcript lines shaped as Claude Code 2.1.x writes them, with only the fields the rules under test read varied.</summary>
internal static class Line
{
    public const string Model = "claude-sonnet-4-5-20250929";

    /// <summary>A timestamp <paramref name="seconds"/> after 2026-03-02 10:00:00 UTC.</summary>
    public static string At(int seconds) => new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc).AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private static JsonObject Envelope(string type, string? uuid, string? parent, string session, int seconds, bool sidechain = false)
    {
        var line = new JsonObject { ["parentUuid"] = parent, ["isSidechain"] = sidechain, ["type"] = type };
        if (uuid is not null) line["uuid"] = uuid;
        line["timestamp"] = At(seconds);
        line["userType"] = "external";
        line["entrypoint"] = "cli";
        line["cwd"] = "/home/ana/shop";
        line["sessionId"] = session;
        line["version"] = "2.1.120";
        return line;
    }

    public static string User(string uuid, string session, int seconds, string text, string? parent = null, bool sidechain = false)
    {
        var line = Envelope("user", uuid, parent, session, seconds, sidechain);
        line["message"] = new JsonObject { ["role"] = "user", ["content"] = text };
        return line.ToJsonString();
    }

    public static string Assistant(
        string? uuid, string session, int seconds, string? messageId, string? requestId, long output,
        string? parent = null, bool sidechain = false, string model = Model, long input = 5, long cacheWrite = 100, long cacheRead = 2000,
        string? stopReason = null, bool apiError = false, string text = "ok")
    {
        var line = Envelope("assistant", uuid, parent, session, seconds, sidechain);
        var message = new JsonObject { ["model"] = model };
        if (messageId is not null) message["id"] = messageId;
        message["type"] = "message";
        message["role"] = "assistant";
        message["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text });
        message["stop_reason"] = stopReason;
        message["usage"] = new JsonObject
        {
            ["input_tokens"] = input, ["cache_creation_input_tokens"] = cacheWrite, ["cache_read_input_tokens"] = cacheRead, ["output_tokens"] = output,
        };
        line["message"] = message;
        if (requestId is not null) line["requestId"] = requestId;
        if (apiError) line["isApiErrorMessage"] = true;
        return line.ToJsonString();
    }

    /// <summary>A queue-operation (no uuid, as Claude Code writes them): enqueue/remove with text, dequeue/popAll without.</summary>
    public static string Queue(string session, int seconds, string operation, string? content = null)
    {
        var line = new JsonObject { ["type"] = "queue-operation", ["operation"] = operation, ["timestamp"] = At(seconds) };
        if (content is not null) line["content"] = content;
        line["sessionId"] = session;
        return line.ToJsonString();
    }

    /// <summary>The queued_command attachment that steering text becomes once Claude Code delivers it into the conversation.</summary>
    public static string QueuedCommand(string uuid, string session, int seconds, string prompt, string? parent = null)
    {
        var line = Envelope("attachment", uuid, parent, session, seconds);
        line["attachment"] = new JsonObject { ["type"] = "queued_command", ["prompt"] = prompt, ["commandMode"] = "prompt" };
        return line.ToJsonString();
    }
}
