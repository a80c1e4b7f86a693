using System.Globalization;

namespace Hindsight.Correction.Protection;

/// <summary>
/// Proves, independently of how the restoration was built, that a restored text is the corrected text with each
/// placeholder replaced by exactly its original span: every literal segment and every span must line up
/// character for character (equal UTF-16 strings encode to equal UTF-8 bytes).
/// </summary>
public static class RestorationVerifier
{
    /// <summary>True when <paramref name="restored"/> is <paramref name="correctedText"/> with exactly the protected spans put back.</summary>
    public static bool Verify(ProtectedText protectedText, string correctedText, string restored)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        ArgumentNullException.ThrowIfNull(correctedText);
        ArgumentNullException.ThrowIfNull(restored);
        if (PlaceholderCheck.Describe(correctedText, protectedText.Spans.Count) is not null)
        {
            return false;
        }

        var source = 0;
        var target = 0;
        var used = 0;
        foreach (System.Text.RegularExpressions.Match match in Placeholders.Pattern().Matches(correctedText))
        {
            var literal = correctedText.AsSpan(source, match.Index - source);
            if (!Matches(restored, target, literal))
            {
                return false;
            }

            target += literal.Length;
            var number = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var span = protectedText.Spans[number - 1].Value.AsSpan();
            if (!Matches(restored, target, span))
            {
                return false;
            }

            target += span.Length;
            source = match.Index + match.Length;
            used++;
        }

        var tail = correctedText.AsSpan(source);
        return used == protectedText.Spans.Count && Matches(restored, target, tail) && target + tail.Length == restored.Length;
    }

    private static bool Matches(string text, int offset, ReadOnlySpan<char> expected) =>
        offset + expected.Length <= text.Length && text.AsSpan(offset, expected.Length).SequenceEqual(expected);
}
