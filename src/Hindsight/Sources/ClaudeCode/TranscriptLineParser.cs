using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Turns one JSONL line into a <see cref="TranscriptRecord"/> or a <see cref="DeadLetter"/>, in one
/// <see cref="Utf8JsonReader"/> walk (<see cref="TranscriptLineWalk"/>) and no DOM: strings are made only for the
/// fields a record keeps, once the line is known to be one. Tolerant by design (the format is undocumented and
/// drifts): a field of the wrong type is read as absent, a duplicated key counts by its last occurrence, unknown types
/// and fields are kept in the raw line, and only lines that are not a JSON object with a string <c>type</c> become
/// dead letters.
/// </summary>
public static class TranscriptLineParser
{
    public const int MaxJsonDepth = 256;
    /// <summary>2^40 tokens: a million times any context window, and sums of millions of such counts still fit in 64 bits.</summary>
    public const long MaxTokenCount = 1L << 40;
    private const int DeadLetterPrefixBytes = 64 * 1024;

    /// <param name="keepRaw">False when only counting (discovery): skips copying the line and block texts.</param>
    /// <param name="observer">Shown the keys of the line as it is walked, for callers that inventory fields.</param>
    public static ParsedLine Parse(string fileId, in JsonlLine line, bool keepRaw = true, ILineShapeObserver? observer = null)
    {
        var bytes = line.Bytes.Span;
        if (line.IsTooLong)
        {
            return Dead(fileId, line, DeadLetterReason.LineTooLong,
                $"line of {line.FullLength} bytes exceeds the limit; first bytes kept", line.TooLongSha256);
        }
        if (!Utf8.IsValid(bytes))
        {
            return Dead(fileId, line, DeadLetterReason.InvalidUtf8, $"invalid UTF-8 at byte {FirstInvalidUtf8(bytes)}", null);
        }

        var json = WithUnpairedSurrogatesReplaced(line.Bytes).Span;
        var walk = new TranscriptLineWalk(json, MaxJsonDepth, observer);
        try
        {
            JsonTokenType root;
            try
            {
                root = walk.Walk();
            }
            catch (JsonException ex)
            {
                return Dead(fileId, line, DeadLetterReason.InvalidJson, ex.Message, null);
            }
            if (root != JsonTokenType.StartObject)
            {
                return Dead(fileId, line, DeadLetterReason.NotAnObject, $"a JSON {KindName(root)}, not an object", null);
            }
            var type = walk.Fields.Type.ToText(json);
            if (string.IsNullOrEmpty(type))
            {
                return Dead(fileId, line, DeadLetterReason.MissingType, "no string \"type\" field", null);
            }

            observer?.LineAccepted();
            var record = new TranscriptRecordBuilder(json, walk.Blocks, walk.Parts)
                .Build(fileId, line, type, in walk.Fields, keepRaw ? bytes.ToArray() : [], keepRaw);
            return new ParsedLine(record, null);
        }
        finally
        {
            walk.Dispose();
        }
    }

    private static string KindName(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };

    private static ParsedLine Dead(string fileId, in JsonlLine line, DeadLetterReason reason, string detail, string? knownSha256)
    {
        var bytes = line.Bytes.Span;
        var prefix = bytes[..Math.Min(bytes.Length, DeadLetterPrefixBytes)].ToArray();
        var sha = knownSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes));
        // The whole line goes to the raw archive (a short line's prefix is already all of it); a too-long one is not held.
        var whole = line.IsTooLong ? null : bytes.Length == prefix.Length ? prefix : bytes.ToArray();
        return new ParsedLine(null, new DeadLetter(fileId, line.LineNumber, line.ByteOffset, reason, detail, prefix, line.FullLength, sha) { Line = whole });
    }

    /// <summary>
    /// JavaScript's JSON.stringify writes a string cut inside a surrogate pair (a truncated emoji) as an
    /// unpaired <c>\uD83D</c> escape, and JSON.parse accepts it; System.Text.Json parses it but throws when
    /// the string is read, which would fail the whole run on one line. The copy that is parsed (never the
    /// raw line, which is stored as written) gets <c>\uFFFD</c> in its place: same length, so offsets hold.
    /// Every source that parses a line again (Codex's payload, Gemini CLI's message) parses this copy.
    /// </summary>
    public static ReadOnlyMemory<byte> WithUnpairedSurrogatesReplaced(ReadOnlyMemory<byte> line)
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
}
