using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.Codex;

/// <summary>
/// The payload of each rollout line type as a record's typed fields and content blocks (Sources/Codex/README.md):
/// <c>session_meta</c>, <c>turn_context</c>, <c>response_item</c> (messages, reasoning, function and custom tool calls and
/// their outputs, web searches), <c>event_msg</c> (token counts, user and agent messages) and <c>compacted</c>.
/// </summary>
internal static class CodexPayload
{
    // Blocks are built whether or not the raw line is kept: discovery's own profile (a parse without the raw bytes)
    // counts their types and tool names as extraction's does.
    public static TranscriptRecord Fill(TranscriptRecord record, JsonElement payload)
    {
        var subtype = Text(payload, "type");
        return record.Type switch
        {
            CodexLineTypes.SessionMeta => record with
            {
                Cwd = Text(payload, "cwd"),
                Version = Text(payload, "cli_version"),
                Entrypoint = Text(payload, "originator"),
            },
            CodexLineTypes.TurnContext => record with
            {
                Cwd = Text(payload, "cwd"),
                MessageModel = Text(payload, "model"),
                Effort = Text(payload, "effort"),
            },
            CodexLineTypes.ResponseItem => ResponseItem(record with { Subtype = subtype }, subtype, payload),
            CodexLineTypes.EventMsg => EventMessage(record with { Subtype = subtype }, subtype, payload),
            CodexLineTypes.Compacted => record with
            {
                Blocks = Text(payload, "message") is { } summary ? [TextBlock(0, "text", summary)] : [],
            },
            _ => record,
        };
    }

    private static TranscriptRecord ResponseItem(TranscriptRecord record, string? subtype, JsonElement payload)
    {
        switch (subtype)
        {
            case "message":
                var role = Text(payload, "role");
                var blocks = new List<TranscriptContentBlock>();
                if (payload.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in content.EnumerateArray())
                    {
                        if (Text(item, "text") is { } text) blocks.Add(TextBlock(blocks.Count, "text", text));
                        else if (Text(item, "type") is "input_image") blocks.Add(new TranscriptContentBlock(blocks.Count, "image", null, null, null, null, null, null, null));
                    }
                }
                return record with { MessageRole = role, Blocks = blocks };
            case "reasoning":
                // The reasoning itself is encrypted (encrypted_content, kept only in the raw line); its summary is readable.
                var summaries = new List<TranscriptContentBlock>();
                if (payload.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in summary.EnumerateArray())
                        if (Text(item, "text") is { } text) summaries.Add(TextBlock(summaries.Count, "thinking", text));
                }
                return record with { MessageRole = "assistant", Blocks = summaries };
            case "function_call":
                return record with
                {
                    MessageRole = "assistant",
                    Blocks = [ToolUse("tool_use", Text(payload, "name"), Text(payload, "call_id"), AsJson(Text(payload, "arguments")))],
                };
            case "custom_tool_call":
                return record with
                {
                    MessageRole = "assistant",
                    Blocks = [ToolUse("tool_use", Text(payload, "name"), Text(payload, "call_id"), AsJson(Text(payload, "input")))],
                };
            case "local_shell_call":
                return record with
                {
                    MessageRole = "assistant",
                    Blocks = [ToolUse("tool_use", "local_shell", Text(payload, "call_id"), Raw(payload, "action"))],
                };
            case "web_search_call":
                return record with
                {
                    MessageRole = "assistant",
                    Blocks = [ToolUse("server_tool_use", "web_search", Text(payload, "id"), Raw(payload, "action"))],
                };
            case "function_call_output" or "custom_tool_call_output":
                return record with
                {
                    MessageRole = "tool",
                    Blocks = [new TranscriptContentBlock(0, "tool_result", OutputText(payload), null, Text(payload, "call_id"), null, null, null, null)],
                };
            default:
                return record;
        }
    }

    private static TranscriptRecord EventMessage(TranscriptRecord record, string? subtype, JsonElement payload) => subtype switch
    {
        "token_count" => record with { Usage = CumulativeUsage(payload) },
        "user_message" => record with
        {
            MessageRole = "user",
            Blocks = Text(payload, "message") is { } text ? [TextBlock(0, "text", text)] : [],
        },
        "agent_message" or "agent_reasoning" => record with
        {
            MessageRole = "assistant",
            Blocks = Text(payload, "message") is { } text ? [TextBlock(0, subtype == "agent_message" ? "text" : "thinking", text)] : [],
        },
        _ => record,
    };

    /// <summary>
    /// <c>info.total_token_usage</c>, cumulative over the session, as the record's usage: input (cached input inside it),
    /// cached input as cache reads, output (reasoning inside it). Stage 2 turns consecutive totals into per-call deltas
    /// (CodexCallRules applies <c>CodexUsageSql</c>). A token count without info (the first, before any call) has no usage.
    /// </summary>
    private static TokenCounts? CumulativeUsage(JsonElement payload)
    {
        if (!payload.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object) return null;
        if (!info.TryGetProperty("total_token_usage", out var total) || total.ValueKind != JsonValueKind.Object) return null;
        return new TokenCounts(Count(total, "input_tokens"), Count(total, "output_tokens"), null, null, null, Count(total, "cached_input_tokens"), null);
    }

    private static long? Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            && n is >= 0 and <= TranscriptLineParser.MaxTokenCount
            ? n
            : null;

    private static TranscriptContentBlock TextBlock(int index, string type, string text) => new(index, type, text, null, null, null, null, null, null);

    private static TranscriptContentBlock ToolUse(string type, string? name, string? id, string? input) => new(0, type, null, name, id, input, null, null, null);

    /// <summary>A tool output is a string (often JSON holding <c>output</c>) or, in some versions, an object: kept as written.</summary>
    private static string? OutputText(JsonElement payload) =>
        payload.TryGetProperty("output", out var output)
            ? output.ValueKind == JsonValueKind.String ? output.GetString() : output.GetRawText()
            : null;

    /// <summary>A tool input is stored as JSON (secrets are redacted inside it as JSON): arguments already are; free text becomes a JSON string.</summary>
    private static string? AsJson(string? text)
    {
        if (text is null) return null;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(text, CodexJsonContext.Default.String);
        }
    }

    private static string? Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
