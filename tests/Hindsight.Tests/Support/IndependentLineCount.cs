using System.Text;
using System.Text.Json;

namespace Hindsight.Tests.Support;

/// <summary>
/// Counts a JSONL file's lines the simple way (whole file in memory, fine for test data), so tests
/// can check the streaming pipeline against an implementation that shares none of its code.
/// </summary>
public sealed class IndependentLineCount
{
    public long CompleteLines { get; private set; }
    public long BlankLines { get; private set; }
    public long Records { get; private set; }
    public long Invalid { get; private set; }
    public long PartialTailBytes { get; private set; }
    public Dictionary<string, long> RecordTypes { get; } = [];
    public Dictionary<string, long> ToolNames { get; } = [];

    public static IndependentLineCount Of(string path)
    {
        var count = new IndependentLineCount();
        var bytes = File.ReadAllBytes(path);
        int lastNewline = Array.LastIndexOf(bytes, (byte)'\n');
        count.PartialTailBytes = bytes.Length - (lastNewline + 1);
        var complete = lastNewline < 0 ? [] : bytes.AsSpan(0, lastNewline).ToArray();
        if (lastNewline < 0) return count;
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int start = 0;
        bool first = true;
        for (int i = 0; i <= complete.Length; i++)
        {
            if (i < complete.Length && complete[i] != (byte)'\n') continue;
            var line = complete.AsSpan(start, i - start);
            start = i + 1;
            count.CompleteLines++;
            if (first && line.StartsWith("\uFEFF"u8)) line = line[3..];
            first = false;
            string text;
            try { text = strict.GetString(line).TrimEnd('\r'); }
            catch (DecoderFallbackException) { count.Invalid++; continue; }
            if (text.Trim().Length == 0) { count.BlankLines++; continue; }
            try
            {
                using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.Length > 0)
                {
                    count.Records++;
                    var name = type.GetString()!;
                    count.RecordTypes[name] = count.RecordTypes.GetValueOrDefault(name) + 1;
                    if (doc.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                        && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var block in content.EnumerateArray())
                        {
                            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var bt) && bt.ValueEquals("tool_use")
                                && block.TryGetProperty("name", out var tool) && tool.ValueKind == JsonValueKind.String)
                                count.ToolNames[tool.GetString()!] = count.ToolNames.GetValueOrDefault(tool.GetString()!) + 1;
                        }
                    }
                }
                else count.Invalid++;
            }
            catch (JsonException) { count.Invalid++; }
        }
        return count;
    }
}
