using System.Text;
using System.Text.Json;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Where a value sits in the line being parsed, kept instead of a .NET string until the walk has seen the whole line:
/// most values are never needed (a field that a later duplicate replaces, a text of the wrong block type, any text when
/// only counting), and the line may still turn out to be invalid.
/// </summary>
internal readonly record struct JsonSlice(int Start, int Length, JsonSliceKind Kind)
{
    public bool IsPresent => Kind != JsonSliceKind.Absent;

    /// <summary>The current string token of <paramref name="reader"/>, without its quotes.</summary>
    public static JsonSlice StringAt(ref Utf8JsonReader reader) =>
        new((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped ? JsonSliceKind.EscapedString : JsonSliceKind.String);

    /// <summary>The JSON text of the value that started at <paramref name="start"/> and ends where the reader stands.</summary>
    public static JsonSlice RawFrom(int start, ref Utf8JsonReader reader) =>
        new(start, (int)reader.BytesConsumed - start, JsonSliceKind.Raw);

    /// <summary>
    /// The value as the warehouse can hold it: a string unescaped, raw JSON as written. DuckDB's appender ends a string
    /// at U+0000, so an escaped NUL would silently cut off the rest of a prompt or an id: it becomes U+FFFD (the raw
    /// line keeps it). An unescaped slice cannot hold a NUL: JSON forbids control characters inside strings.
    /// </summary>
    public string? ToText(ReadOnlySpan<byte> json)
    {
        switch (Kind)
        {
            case JsonSliceKind.String:
            case JsonSliceKind.Raw:
                return Encoding.UTF8.GetString(json.Slice(Start, Length));
            case JsonSliceKind.EscapedString:
                var reader = new Utf8JsonReader(json.Slice(Start - 1, Length + 2));
                reader.Read();
                var text = reader.GetString()!;
                return text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;
            default:
                return null;
        }
    }

    /// <summary>Whether this is a string equal to <paramref name="expected"/> once unescaped.</summary>
    public bool IsString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> expected) => Kind switch
    {
        JsonSliceKind.String => json.Slice(Start, Length).SequenceEqual(expected),
        JsonSliceKind.EscapedString => ToText(json) is { } text && Encoding.UTF8.GetByteCount(text) == expected.Length
            && Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(expected),
        _ => false,
    };

    /// <summary>The UTF-16 length of the string and whether it ends with one or two <c>=</c> (base64 padding).</summary>
    public (long Chars, int Padding) Base64Shape(ReadOnlySpan<byte> json)
    {
        if (Kind == JsonSliceKind.EscapedString)
        {
            var text = ToText(json)!;
            return (text.Length, text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0);
        }
        var bytes = json.Slice(Start, Length);
        return (Encoding.UTF8.GetCharCount(bytes), bytes.EndsWith("=="u8) ? 2 : bytes.EndsWith("="u8) ? 1 : 0);
    }
}
