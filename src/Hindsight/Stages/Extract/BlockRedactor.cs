using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Secrets;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Redacts secrets from what stage 1 derives from a line (content block texts, tool inputs, a dead letter's prefix and
/// detail) once, as it is written, so that only <c>records.raw</c> keeps what was written. Every later table (messages,
/// corrections, the staged table) is built from these rows and so never sees the secret. Tool inputs stay valid JSON.
/// </summary>
public static class BlockRedactor
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record with its blocks redacted (the same instance when nothing was found); adds to <paramref name="redactions"/>.</summary>
    public static TranscriptRecord Redact(TranscriptRecord record, ref long redactions)
    {
        ArgumentNullException.ThrowIfNull(record);
        List<TranscriptContentBlock>? blocks = null;
        for (var index = 0; index < record.Blocks.Count; index++)
        {
            var block = record.Blocks[index];
            var text = block.Text is null ? null : RedactText(block.Text, ref redactions);
            var input = block.ToolInput is null ? null : RedactJson(block.ToolInput, ref redactions);
            if (ReferenceEquals(text, block.Text) && ReferenceEquals(input, block.ToolInput)) continue;
            blocks ??= [.. record.Blocks];
            blocks[index] = block with { Text = text, ToolInput = input };
        }

        return blocks is null ? record : record with { Blocks = blocks };
    }

    private static string RedactText(string text, ref long redactions)
    {
        var redacted = SecretRedactor.Redact(text, out var count);
        redactions += count;
        return redacted;
    }

    /// <summary>The dead letter with its prefix and detail redacted (the same instance when nothing was found).</summary>
    public static DeadLetter Redact(DeadLetter letter, ref long redactions)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var detail = SecretRedactor.Redact(letter.Detail, out var inDetail);
        // A prefix that is not valid UTF-8 is decoded with replacement characters: only a prefix holding a secret is re-encoded.
        var prefix = Encoding.UTF8.GetString(letter.RawPrefix);
        var redactedPrefix = SecretRedactor.Redact(prefix, out var inPrefix);
        redactions += inDetail + inPrefix;
        if (inDetail == 0 && inPrefix == 0) return letter;
        return letter with { Detail = detail, RawPrefix = inPrefix == 0 ? letter.RawPrefix : Encoding.UTF8.GetBytes(redactedPrefix) };
    }

    /// <summary>
    /// Redacts a JSON document's text. When replacing a span breaks the JSON (a secret ending in a backslash escape),
    /// redacts string values one by one instead, each property's value judged with its name (<c>"password": "..."</c>).
    /// </summary>
    public static string RedactJson(string json, ref long redactions)
    {
        ArgumentNullException.ThrowIfNull(json);
        var redacted = SecretRedactor.Redact(json, out var count);
        if (count == 0) return json;
        if (IsJson(redacted))
        {
            redactions += count;
            return redacted;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // Not JSON to begin with: the text redaction is all that can be done.
            redactions += count;
            return redacted;
        }

        long inValues = 0;
        var result = RedactValues(root, null, ref inValues);
        redactions += Math.Max(1, inValues);
        return result?.ToJsonString(Compact) ?? "null";
    }

    private static JsonNode? RedactValues(JsonNode? node, string? name, ref long redactions)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                    obj[property.Key] = RedactValues(property.Value?.DeepClone(), property.Key, ref redactions);
                return obj;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                    array[index] = RedactValues(array[index]?.DeepClone(), null, ref redactions);
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var redacted = SecretRedactor.Redact(text, out var count);
                if (count == 0 && name is not null && SecretRedactor.Redact($"{name}={text}", out var asAssignment) != $"{name}={text}" && asAssignment > 0)
                {
                    redacted = "⟦redacted:assignment⟧";
                    count = 1;
                }

                redactions += count;
                return count == 0 ? value : JsonValue.Create(redacted);
            default:
                return node;
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
