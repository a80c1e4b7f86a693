namespace Hindsight.Correction.Providers;

/// <summary>
/// An API key that cannot be printed by accident: <see cref="ToString"/> and the record-style debugger view show
/// a redaction, and only the HTTP client factory reads the value. Everything that comes back from a provider
/// (answers, errors, ids) and every text sent to it goes through <see cref="Redact"/>.
/// </summary>
public sealed class ApiKey
{
    /// <summary>What replaces the key or a piece of it.</summary>
    public const string Redaction = "[redacted]";

    /// <summary>
    /// An echo this long (or longer) of any piece of the key is removed: long enough that ordinary text does not hit it
    /// by chance, short enough that a partial echo (28 of 32 characters, a key cut in two) is caught.
    /// </summary>
    public const int MinimumEchoLength = 8;

    private readonly string _value;
    private readonly HashSet<string> _pieces;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Wraps <paramref name="value"/> (surrounding whitespace removed).</summary>
    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
        _pieces = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (_value.Length >= MinimumEchoLength)
        {
            for (var start = 0; start + MinimumEchoLength <= _value.Length; start++)
                _pieces.Add(_value.Substring(start, MinimumEchoLength));
        }

        _lookup = _pieces.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Returns a redaction, never the key.</summary>
    public override string ToString() => Redaction;

    /// <summary>
    /// Removes the key and every echo of 8 or more consecutive characters of it (any case), also when the echo is split
    /// by line breaks, spaces or JSON escapes (<c>\n</c>). Of a key shorter than 8 characters only whole occurrences go.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_value.Length < MinimumEchoLength) return RedactShortKey(text);
        if (text.Length < MinimumEchoLength) return text;

        // The text without separators, each character remembering where it stood.
        var kept = new char[text.Length];
        var origin = new int[text.Length];
        var count = 0;
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (char.IsWhiteSpace(character)) continue;
            if (character == '\\' && index + 1 < text.Length && text[index + 1] is 'n' or 'r' or 't')
            {
                index++;
                continue;
            }

            kept[count] = character;
            origin[count++] = index;
        }

        List<(int Start, int End)>? ranges = null;
        for (var start = 0; start + MinimumEchoLength <= count; start++)
        {
            if (!_lookup.Contains(kept.AsSpan(start, MinimumEchoLength))) continue;
            int first = origin[start], last = origin[start + MinimumEchoLength - 1] + 1;
            ranges ??= [];
            if (ranges.Count > 0 && first <= ranges[^1].End) ranges[^1] = (ranges[^1].Start, Math.Max(last, ranges[^1].End));
            else ranges.Add((first, last));
        }

        if (ranges is null) return text;
        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, end) in ranges)
        {
            builder.Append(text, position, start - position).Append(Redaction);
            position = end;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Fixed pieces of the key such that any echo of 15 or more characters contains one: a cheap SQL pre-filter.</summary>
    internal IReadOnlyList<string> AlignedPieces()
    {
        if (_value.Length < MinimumEchoLength) return [_value];
        var pieces = new List<string>();
        for (var start = 0; start + MinimumEchoLength <= _value.Length; start += MinimumEchoLength)
            pieces.Add(_value.Substring(start, MinimumEchoLength));
        if (_value.Length % MinimumEchoLength != 0) pieces.Add(_value[^MinimumEchoLength..]);
        return pieces;
    }

    // A key this short would be found by chance in ordinary text as a piece: only the whole key is removed.
    private string RedactShortKey(string text) => text.Replace(_value, Redaction, StringComparison.Ordinal);

    internal string Reveal() => _value;
}
