using System.Globalization;
using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// A chat message's fields as a record's typed columns and content blocks (Sources/GeminiCli/README.md): its id, role
/// and model; <c>thoughts</c> as thinking blocks; <c>content</c> (a string or Gemini API parts) as text, tool call and
/// tool result blocks; <c>toolCalls</c> as tool calls, each followed by its inline results; <c>tokens</c> as usage.
/// </summary>
internal static class GeminiMessage
{
    // Blocks are built whether or not the raw line is kept: discovery's own profile (a parse without the raw bytes)
    // counts their types and tool names as extraction's does.
    public static TranscriptRecord Fill(TranscriptRecord record, JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object) return record;
        return record with
        {
            MessageId = Text(message, "id"),
            MessageRole = record.Type switch
            {
                GeminiRecordTypes.User => "user",
                GeminiRecordTypes.Gemini => "assistant",
                _ => null,
            },
            MessageModel = Text(message, "model"),
            Usage = Usage(message),
            Blocks = Blocks(message),
        };
    }

    /// <summary>
    /// <c>tokens</c> as billed: Gemini's <c>input</c> includes <c>cached</c>, so fresh input is input minus cached;
    /// <c>tool</c> (the tool-use prompt) is input beside it; <c>thoughts</c> are billed as output. So input =
    /// input - cached + tool, output = output + thoughts, cache reads = cached, and their sum is Gemini's <c>total</c>.
    /// A message without tokens (a person's, an info line) has no usage.
    /// </summary>
    internal static TokenCounts? Usage(JsonElement message)
    {
        if (!message.TryGetProperty("tokens", out var tokens) || tokens.ValueKind != JsonValueKind.Object) return null;
        long? input = Count(tokens, "input"), output = Count(tokens, "output");
        if (input is null && output is null) return null;
        long cached = Count(tokens, "cached") ?? 0, thoughts = Count(tokens, "thoughts") ?? 0, tool = Count(tokens, "tool") ?? 0;
        return new TokenCounts(Math.Max(0, (input ?? 0) - cached) + tool, (output ?? 0) + thoughts, null, null, null, cached, null);
    }

    private static List<TranscriptContentBlock> Blocks(JsonElement message)
    {
        var blocks = new List<TranscriptContentBlock>();
        if (message.TryGetProperty("thoughts", out var thoughts) && thoughts.ValueKind == JsonValueKind.Array)
        {
            foreach (var thought in thoughts.EnumerateArray())
            {
                var subject = Text(thought, "subject");
                var description = Text(thought, "description");
                var text = subject is null ? description : description is null ? subject : subject + "\n" + description;
                if (text is not null) blocks.Add(Block(blocks.Count, "thinking", text));
            }
        }
        if (message.TryGetProperty("content", out var content))
        {
            if (content.ValueKind == JsonValueKind.String) blocks.Add(Block(blocks.Count, "text", content.GetString()));
            else if (content.ValueKind == JsonValueKind.Array)
                foreach (var part in content.EnumerateArray()) AddPart(blocks, part);
        }
        if (message.TryGetProperty("toolCalls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                var id = Text(call, "id");
                blocks.Add(new TranscriptContentBlock(blocks.Count, "tool_use", null, Text(call, "name"), id, Raw(call, "args"), null, null, null));
                if (!call.TryGetProperty("result", out var results) || results.ValueKind != JsonValueKind.Array) continue;
                bool failed = Text(call, "status") is "error" or "cancelled";
                foreach (var result in results.EnumerateArray())
                {
                    if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("functionResponse", out var response)) continue;
                    blocks.Add(ToolResult(blocks.Count, response, id, failed));
                }
            }
        }
        return blocks;
    }

    private static void AddPart(List<TranscriptContentBlock> blocks, JsonElement part)
    {
        if (part.ValueKind == JsonValueKind.String)
        {
            blocks.Add(Block(blocks.Count, "text", part.GetString()));
            return;
        }
        if (part.ValueKind != JsonValueKind.Object) return;
        if (Text(part, "text") is { } text) blocks.Add(Block(blocks.Count, part.TryGetProperty("thought", out var t) && t.ValueKind == JsonValueKind.True ? "thinking" : "text", text));
        else if (part.TryGetProperty("functionCall", out var call) && call.ValueKind == JsonValueKind.Object)
            blocks.Add(new TranscriptContentBlock(blocks.Count, "tool_use", null, Text(call, "name"), Text(call, "id"), Raw(call, "args"), null, null, null));
        else if (part.TryGetProperty("functionResponse", out var response) && response.ValueKind == JsonValueKind.Object)
            blocks.Add(ToolResult(blocks.Count, response, null, false));
        else if (part.TryGetProperty("inlineData", out var data) && data.ValueKind == JsonValueKind.Object)
            blocks.Add(new TranscriptContentBlock(blocks.Count, "image", null, null, null, null, null, Text(data, "mimeType"), null));
    }

    /// <summary>A function response: its <c>response.output</c> (or <c>error</c>) when a string, else the response as JSON.</summary>
    private static TranscriptContentBlock ToolResult(int index, JsonElement response, string? callId, bool failed)
    {
        string? text = null;
        bool isError = failed;
        if (response.ValueKind == JsonValueKind.Object && response.TryGetProperty("response", out var body))
        {
            if (Text(body, "output") is { } output) text = output;
            else if (Text(body, "error") is { } error) { text = error; isError = true; }
            else text = body.GetRawText();
        }
        return new TranscriptContentBlock(index, "tool_result", text, Text(response, "name"), Text(response, "id") ?? callId, null, isError, null, null);
    }

    private static TranscriptContentBlock Block(int index, string type, string? text) => new(index, type, text, null, null, null, null, null, null);

    /// <summary>The time of a field (ISO 8601), or of <c>$set.lastUpdated</c>; null when absent or not a time.</summary>
    internal static DateTimeOffset? Time(JsonElement element, string name)
    {
        var value = name == "$set" && element.TryGetProperty("$set", out var set) ? Text(set, "lastUpdated") : Text(element, name);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;
    }

    private static long? Count(JsonElement tokens, string name) =>
        tokens.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            && n is >= 0 and <= TranscriptLineParser.MaxTokenCount
            ? n
            : null;

    private static string? Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
