using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Hindsight.Reports;

/// <summary>
/// The JSON encoder of every <c>--json</c> output: the relaxed encoder (apostrophes, '+' and non-ASCII text as they
/// are), except that invisible characters that steer a terminal or reorder text (format characters such as bidi
/// overrides, line and paragraph separators, C0 and C1 controls) are written as <c>\uXXXX</c>. A transcript's text can
/// hold them, and JSON printed to a terminal must not act on it; a JSON parser reads back the same string.
/// Written by hand because no served encoder combines the relaxed set with these escapes: the built-in configurable
/// one always escapes HTML-sensitive characters.
/// </summary>
public sealed class TerminalSafeJsonEncoder : JavaScriptEncoder
{
    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private TerminalSafeJsonEncoder() { }

    public static TerminalSafeJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(Relaxed.MaxOutputCharactersPerInputCharacter, 12);

    public static bool IsInvisible(int scalar) => CharUnicodeInfo.GetUnicodeCategory(scalar) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
        _ => false,
    };

    public override bool WillEncode(int unicodeScalar) => IsInvisible(unicodeScalar) || Relaxed.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var limit = relaxed < 0 ? textLength : relaxed;
        var span = new ReadOnlySpan<char>(text, limit);
        for (var i = 0; i < span.Length;)
        {
            if (Rune.DecodeFromUtf16(span[i..], out var rune, out var consumed) != OperationStatus.Done) return i;
            if (IsInvisible(rune.Value)) return i;
            i += consumed;
        }
        return relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!IsInvisible(unicodeScalar)) return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        var output = new Span<char>(buffer, bufferLength);
        Span<char> units = stackalloc char[2];
        var count = new Rune(unicodeScalar).EncodeToUtf16(units);
        numberOfCharactersWritten = 0;
        if (bufferLength < count * 6) return false;
        foreach (var unit in units[..count])
        {
            @"\u".CopyTo(output[numberOfCharactersWritten..]);
            ((int)unit).TryFormat(output[(numberOfCharactersWritten + 2)..], out _, "x4", CultureInfo.InvariantCulture);
            numberOfCharactersWritten += 6;
        }
        return true;
    }
}
