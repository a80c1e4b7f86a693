using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Hindsight.Sampling.Tests.Support;

/// <summary>
/// Reads a generated corpus back with nothing but System.Text.Json, the way a test oracle should: every file, every
/// line, counted and classified independently of the generator's own bookkeeping.
/// </summary>
internal sealed partial class CorpusRecount
{
    public long Lines { get; private set; }
    public long Bytes { get; private set; }
    public long PartialTails { get; private set; }
    public SortedDictionary<string, long> RecordsByType { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> MalformedByReason { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Features { get; } = new(StringComparer.Ordinal);
    public List<RecountedFile> Files { get; } = [];
    public List<string> MetaFiles { get; } = [];
    public Dictionary<(string Id, string RequestId), List<AssistantLine>> Messages { get; } = [];
    public List<string> SecretMatches { get; } = [];
    public DateTimeOffset FirstTimestamp { get; private set; } = DateTimeOffset.MaxValue;
    public DateTimeOffset LastTimestamp { get; private set; } = DateTimeOffset.MinValue;

    public static async Task<CorpusRecount> ReadAsync(string root, CancellationToken cancellationToken)
    {
        var recount = new CorpusRecount();
        var projects = Path.Combine(root, "projects");
        foreach (var path in Directory.EnumerateFiles(projects, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (path.EndsWith(".meta.json", StringComparison.Ordinal))
            {
                recount.MetaFiles.Add(relative);
                continue;
            }
            recount.ReadFile(relative, await System.IO.File.ReadAllBytesAsync(path, cancellationToken));
        }
        return recount;
    }

    public RecountedFile File(string relativePath) => Files.Single(f => f.RelativePath == relativePath);

    private void ReadFile(string relativePath, byte[] bytes)
    {
        Bytes += bytes.Length;
        var records = new List<RecountedLine>();
        var lineNumber = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                PartialTails++;
                break;
            }
            lineNumber++;
            Lines++;
            if (ReadLine(relativePath, lineNumber, bytes.AsSpan(start, end - start)) is { } record)
            {
                records.Add(record);
            }
            start = end + 1;
        }
        Files.Add(new RecountedFile(relativePath, bytes.Length, lineNumber, start < bytes.Length, records));
    }

    private RecountedLine? ReadLine(string file, int number, ReadOnlySpan<byte> line)
    {
        if (!Utf8.IsValid(line))
        {
            Count(MalformedByReason, "invalid_utf8");
            return null;
        }
        var raw = Encoding.UTF8.GetString(line);
        foreach (Match secret in SecretPattern().Matches(raw))
        {
            SecretMatches.Add(secret.Value);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            Count(MalformedByReason, "invalid_json");
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Count(MalformedByReason, "not_an_object");
                return null;
            }
            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Count(MalformedByReason, "missing_type");
                return null;
            }
            var type = typeElement.GetString()!;
            Count(RecordsByType, type);
            if (root.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.String)
            {
                var time = DateTimeOffset.Parse(timestamp.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                FirstTimestamp = time < FirstTimestamp ? time : FirstTimestamp;
                LastTimestamp = time > LastTimestamp ? time : LastTimestamp;
            }
            var record = new RecountedLine(
                number,
                type,
                String(root, "uuid"),
                String(root, "sessionId"),
                root.TryGetProperty("isSidechain", out var sidechain) && sidechain.ValueKind == JsonValueKind.True,
                String(root, "agentId"),
                String(root, "version"),
                raw);
            CountFeatures(root, type, file, number, record);
            return record;
        }
    }

    private void CountFeatures(JsonElement root, string type, string file, int number, RecountedLine record)
    {
        if (record.IsSidechain)
        {
            Count(Features, "sidechain_line");
        }
        if (type == "system" && String(root, "subtype") is { } subtype)
        {
            Count(Features, "system/" + subtype);
        }
        if (type == "attachment" && root.GetProperty("attachment").GetProperty("type").GetString() is { } attachment)
        {
            Count(Features, "attachment/" + attachment);
        }
        if (type == "progress")
        {
            Count(Features, "progress/" + root.GetProperty("data").GetProperty("type").GetString());
        }
        if (root.TryGetProperty("isCompactSummary", out var compact) && compact.ValueKind == JsonValueKind.True)
        {
            Count(Features, "user/compact_summary");
        }
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                var blockType = block.GetProperty("type").GetString();
                Count(Features, "block/" + (blockType == "thinking" && block.GetProperty("thinking").GetString()!.Length == 0 ? "thinking_empty" : blockType));
            }
        }
        if (type != "assistant")
        {
            return;
        }
        var model = message.GetProperty("model").GetString()!;
        var requestId = String(root, "requestId");
        if (model == "<synthetic>")
        {
            Count(Features, "assistant/synthetic");
        }
        if (requestId is null)
        {
            Count(Features, "assistant/without_request_id");
        }
        var usage = message.GetProperty("usage");
        var line = new AssistantLine(
            file,
            number,
            model,
            usage.GetProperty("input_tokens").GetInt64(),
            usage.GetProperty("output_tokens").GetInt64(),
            usage.GetProperty("cache_creation_input_tokens").GetInt64(),
            usage.GetProperty("cache_read_input_tokens").GetInt64(),
            message.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String ? stop.GetString() : null);
        var key = (message.GetProperty("id").GetString()!, requestId ?? string.Empty);
        if (!Messages.TryGetValue(key, out var lines))
        {
            lines = [];
            Messages[key] = lines;
        }
        lines.Add(line);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Count(SortedDictionary<string, long> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var value) ? value + 1 : 1;

    [GeneratedRegex(@"sk-proj-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}", RegexOptions.CultureInvariant)]
    public static partial Regex SecretPattern();
}

internal sealed record RecountedFile(string RelativePath, long Bytes, long Lines, bool PartialTail, IReadOnlyList<RecountedLine> Records);

internal sealed record RecountedLine(int Number, string Type, string? Uuid, string? SessionId, bool IsSidechain, string? AgentId, string? Version, string Raw);

internal sealed record AssistantLine(string File, int Number, string Model, long Input, long Output, long CacheCreation, long CacheRead, string? StopReason)
{
    public long Total => Input + Output + CacheCreation + CacheRead;
}
