using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Tests.Sources.Legacy;

/// <summary>
/// Turns one JSONL line into a <see cref="TranscriptRecord"/> or a <see cref="DeadLetter"/>.
/// Tolerant by design (the format is undocumented and drifts): a field of the wrong type is read as
/// absent, unknown types and fields are kept in the raw JSON, and only lines that are not a JSON
/// object with a string <c>type</c> become dead letters.
/// </summary>
/// <summary>TEMPORARY: the JsonDocument parser as of d3096d0, for the differential check only.</summary>
public static class LegacyTranscriptLineParser
{
    public const int MaxJsonDepth = 256;
    /// <summary>2^40 tokens: a million times any context window, and sums of millions of such counts still fit in 64 bits.</summary>
    public const long MaxTokenCount = 1L << 40;
    private const int DeadLetterPrefixBytes = 64 * 1024;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxJsonDepth };

    /// <param name="keepRaw">False when only counting (discovery): skips copying the line and block texts into strings.</param>
    /// <param name="visitRoot">Called with the parsed root object, for callers that inventory fields.</param>
    public static ParsedLine Parse(string fileId, in JsonlLine line, bool keepRaw = true, Action<JsonElement>? visitRoot = null)
    {
        var bytes = line.Bytes.Span;
        if (line.IsTooLong)
        {
            return Dead(fileId, line, DeadLetterReasons.LineTooLong,
                $"line of {line.FullLength} bytes exceeds the limit; first bytes kept", line.TooLongSha256);
        }
        if (!Utf8.IsValid(bytes))
        {
            return Dead(fileId, line, DeadLetterReasons.InvalidUtf8, $"invalid UTF-8 at byte {FirstInvalidUtf8(bytes)}", null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(WithUnpairedSurrogatesReplaced(line.Bytes), DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Dead(fileId, line, DeadLetterReasons.InvalidJson, ex.Message, null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Dead(fileId, line, DeadLetterReasons.NotAnObject, $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object", null);
            }
            var type = Str(root, "type");
            if (string.IsNullOrEmpty(type))
            {
                return Dead(fileId, line, DeadLetterReasons.MissingType, "no string \"type\" field", null);
            }

            visitRoot?.Invoke(root);
            root.TryGetProperty("message", out var message);
            if (message.ValueKind != JsonValueKind.Object) message = default;

            return new ParsedLine(new TranscriptRecord
            {
                FileId = fileId,
                LineNumber = line.LineNumber,
                ByteOffset = line.ByteOffset,
                Type = type,
                Subtype = SubtypeOf(type, root),
                Uuid = Str(root, "uuid"),
                ParentUuid = Str(root, "parentUuid"),
                LogicalParentUuid = Str(root, "logicalParentUuid"),
                SessionId = Str(root, "sessionId"),
                Timestamp = Time(root, "timestamp"),
                Cwd = Str(root, "cwd"),
                GitBranch = Str(root, "gitBranch"),
                Version = Str(root, "version"),
                IsSidechain = Bool(root, "isSidechain"),
                AgentId = Str(root, "agentId"),
                UserType = Str(root, "userType"),
                RequestId = Str(root, "requestId"),
                MessageId = Str(message, "id"),
                MessageRole = Str(message, "role"),
                MessageModel = Str(message, "model"),
                IsMeta = Bool(root, "isMeta"),
                IsCompactSummary = Bool(root, "isCompactSummary"),
                IsApiErrorMessage = Bool(root, "isApiErrorMessage"),
                OriginKind = OriginKindOf(type, root),
                Entrypoint = Str(root, "entrypoint"),
                TurnOrigin = Str(root, "turnOrigin"),
                PromptSource = Str(root, "promptSource"),
                Effort = Scalar(root, "effort"),
                ApiError = Scalar(root, "error"),
                TruncatedAfterOutput = Bool(root, "truncatedAfterOutput"),
                StopReason = Str(message, "stop_reason"),
                Usage = UsageOf(message),
                CostUsd = Num(root, "costUSD"),
                Raw = keepRaw ? bytes.ToArray() : [],
                Blocks = BlocksOf(type, root, message, keepRaw),
            }, null);
        }
    }

    private static string? SubtypeOf(string type, JsonElement root) => type switch
    {
        "system" => Str(root, "subtype"),
        "attachment" => Str(Obj(root, "attachment"), "type"),
        "progress" => Str(Obj(root, "data"), "type"),
        "queue-operation" => Str(root, "operation"),
        _ => Str(root, "subtype"),
    };

    private static string? OriginKindOf(string type, JsonElement root)
    {
        var origin = Obj(root, "origin");
        if (origin.ValueKind == JsonValueKind.Undefined && type == "attachment")
            origin = Obj(Obj(root, "attachment"), "origin");
        return Str(origin, "kind");
    }

    private static TokenCounts? UsageOf(JsonElement message)
    {
        var usage = Obj(message, "usage");
        if (usage.ValueKind == JsonValueKind.Undefined) return null;
        var split = Obj(usage, "cache_creation");
        var fiveMinutes = Tokens(split, "ephemeral_5m_input_tokens");
        var oneHour = Tokens(split, "ephemeral_1h_input_tokens");
        return new TokenCounts(
            Tokens(usage, "input_tokens"),
            Tokens(usage, "output_tokens"),
            CacheCreationTotal(Tokens(usage, "cache_creation_input_tokens"), fiveMinutes, oneHour),
            fiveMinutes,
            oneHour,
            Tokens(usage, "cache_read_input_tokens"),
            Str(usage, "speed"));
    }

    /// <summary>
    /// The flat cache-creation count, or the nested 5m/1h split's sum when the flat field says 0 or is missing:
    /// before 2.1.152 Claude Code wrote <c>cache_creation_input_tokens: 0</c> when the API reported its writes only
    /// in the nested split (CHANGELOG 2.1.152), so the flat field alone undercounts those lines.
    /// </summary>
    private static long? CacheCreationTotal(long? flat, long? fiveMinutes, long? oneHour)
    {
        if (flat is > 0 || (fiveMinutes is null && oneHour is null)) return flat;
        long nested = (fiveMinutes ?? 0) + (oneHour ?? 0);
        return nested > 0 ? nested : flat;
    }

    private static IReadOnlyList<TranscriptContentBlock> BlocksOf(string type, JsonElement root, JsonElement message, bool keepText)
    {
        // Steering text lives outside message.content: in queue-operation content and queued_command prompts.
        JsonElement content = type switch
        {
            "queue-operation" => Prop(root, "content"),
            "attachment" => Prop(Obj(root, "attachment"), "prompt"),
            _ => Prop(message, "content"),
        };
        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TranscriptContentBlock(0, "text", Text(content), null, null, null, null, null, null)];
        }
        if (content.ValueKind != JsonValueKind.Array) return [];

        var blocks = new List<TranscriptContentBlock>(content.GetArrayLength());
        int index = 0;
        foreach (var block in content.EnumerateArray())
        {
            blocks.Add(keepText ? BlockOf(index++, block) : ShapeOf(index++, block));
        }
        return blocks;
    }

    private static TranscriptContentBlock BlockOf(int index, JsonElement block)
    {
        if (block.ValueKind == JsonValueKind.String)
            return new TranscriptContentBlock(index, "text", Text(block), null, null, null, null, null, null);
        if (block.ValueKind != JsonValueKind.Object)
            return new TranscriptContentBlock(index, "unknown", block.GetRawText(), null, null, null, null, null, null);

        var blockType = Str(block, "type") ?? "unknown";
        return blockType switch
        {
            "text" => new(index, blockType, Str(block, "text"), null, null, null, null, null, null),
            "thinking" => new(index, blockType, Str(block, "thinking"), null, null, null, null, null, null),
            "redacted_thinking" => new(index, blockType, null, null, null, null, null, null, null),
            "tool_use" or "server_tool_use" => new(index, blockType, null, Str(block, "name"), Str(block, "id"),
                Prop(block, "input") is { ValueKind: not JsonValueKind.Undefined } input ? input.GetRawText() : null, null, null, null),
            "tool_result" => new(index, blockType, ToolResultText(Prop(block, "content")), null, Str(block, "tool_use_id"), null,
                Bool(block, "is_error"), null, null),
            "image" => ImageBlock(index, block),
            _ when blockType.EndsWith("_tool_result", StringComparison.Ordinal) =>
                new(index, blockType, null, null, Str(block, "tool_use_id"), null, Bool(block, "is_error"), null, null),
            _ => new(index, blockType, Str(block, "text"), null, null, null, null, null, null),
        };
    }

    /// <summary>Type and tool name only: what discovery counts, without materialising texts.</summary>
    private static TranscriptContentBlock ShapeOf(int index, JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
            return new TranscriptContentBlock(index, block.ValueKind == JsonValueKind.String ? "text" : "unknown", null, null, null, null, null, null, null);
        var blockType = Str(block, "type") ?? "unknown";
        var toolName = blockType is "tool_use" or "server_tool_use" ? Str(block, "name") : null;
        return new TranscriptContentBlock(index, blockType, null, toolName, null, null, null, null, null);
    }

    private static TranscriptContentBlock ImageBlock(int index, JsonElement block)
    {
        var source = Obj(block, "source");
        var data = Str(source, "data");
        long? bytes = data is null ? null : (long)data.Length * 3 / 4 - (data.EndsWith("==", StringComparison.Ordinal) ? 2 : data.EndsWith('=') ? 1 : 0);
        return new TranscriptContentBlock(index, "image", null, null, null, null, null, Str(source, "media_type"), bytes);
    }

    /// <summary>tool_result content is a string or a list of text/image blocks; the text parts are joined.</summary>
    private static string? ToolResultText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String) return Text(content);
        if (content.ValueKind != JsonValueKind.Array) return null;
        StringBuilder? text = null;
        foreach (var part in content.EnumerateArray())
        {
            if (Str(part, "type") == "text" && Str(part, "text") is { } t)
            {
                if (text is null) text = new StringBuilder(t);
                else text.Append('\n').Append(t);
            }
        }
        return text?.ToString();
    }

    private static ParsedLine Dead(string fileId, in JsonlLine line, string reason, string detail, string? knownSha256)
    {
        var bytes = line.Bytes.Span;
        var prefix = bytes[..Math.Min(bytes.Length, DeadLetterPrefixBytes)].ToArray();
        var sha = knownSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new ParsedLine(null, new DeadLetter(fileId, line.LineNumber, line.ByteOffset, reason, detail, prefix, line.FullLength, sha));
    }

    /// <summary>
    /// JavaScript's JSON.stringify writes a string cut inside a surrogate pair (a truncated emoji) as an
    /// unpaired <c>\uD83D</c> escape, and JSON.parse accepts it; System.Text.Json parses it but throws when
    /// the string is read, which would fail the whole run on one line. The copy that is parsed (never the
    /// raw line, which is stored as written) gets <c>\uFFFD</c> in its place: same length, so offsets hold.
    /// </summary>
    private static ReadOnlyMemory<byte> WithUnpairedSurrogatesReplaced(ReadOnlyMemory<byte> line)
    {
        var bytes = line.Span;
        if (bytes.IndexOf("\\u"u8) < 0) return line;
        byte[]? copy = null;
        int i = 0;
        while (true)
        {
            int found = bytes[i..].IndexOf((byte)'\\');
            if (found < 0 || i + found + 1 >= bytes.Length) break;
            i += found;
            if (bytes[i + 1] != (byte)'u' || !TryEscapedUnit(bytes, i, out int unit)) { i += 2; continue; }
            if (char.IsHighSurrogate((char)unit) && TryEscapedUnit(bytes, i + 6, out int next) && char.IsLowSurrogate((char)next))
            {
                i += 12;
                continue;
            }
            if (char.IsSurrogate((char)unit))
            {
                copy ??= bytes.ToArray();
                "\\ufffd"u8.CopyTo(copy.AsSpan(i));
            }
            i += 6;
        }
        return copy ?? line;
    }

    private static bool TryEscapedUnit(ReadOnlySpan<byte> bytes, int at, out int unit)
    {
        unit = 0;
        if (at + 6 > bytes.Length || bytes[at] != (byte)'\\' || bytes[at + 1] != (byte)'u') return false;
        return int.TryParse(bytes.Slice(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out unit);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var status = Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    private static JsonElement Prop(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static JsonElement Obj(JsonElement element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.Object } value ? value : default;

    private static string? Str(JsonElement element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.String } value ? Text(value) : null;

    /// <summary>
    /// A JSON string as the warehouse can hold it: DuckDB's appender ends a string at U+0000, so an escaped
    /// NUL would silently cut off the rest of a prompt or an id. It becomes U+FFFD; the raw line keeps it.
    /// </summary>
    private static string Text(JsonElement value)
    {
        var text = value.GetString()!;
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;
    }

    /// <summary>A string, number or boolean field as text (fields such as <c>effort</c> and <c>error</c> have no fixed type).</summary>
    private static string? Scalar(JsonElement element, string name) => Prop(element, name) switch
    {
        { ValueKind: JsonValueKind.String } value => Text(value),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } value => value.GetRawText(),
        { ValueKind: JsonValueKind.Object } value => Str(value, "type") ?? Str(value, "message"),
        _ => null,
    };

    private static bool? Bool(JsonElement element, string name) => Prop(element, name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>
    /// A token count, or null when it is not a whole number between 0 and <see cref="MaxTokenCount"/>: a
    /// count near 2^63 made stage 2's sums overflow and fail the run, and a negative one would subtract.
    /// </summary>
    private static long? Tokens(JsonElement element, string name) =>
        Long(element, name) is { } n && n is >= 0 and <= MaxTokenCount ? n : null;

    private static long? Long(JsonElement element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : null;

    private static double? Num(JsonElement element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Str(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
