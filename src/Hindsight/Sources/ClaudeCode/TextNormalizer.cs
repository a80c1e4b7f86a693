using System.Text;
using System.Text.RegularExpressions;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Cleans text without destroying it: CRLF and CR become LF, ANSI escape sequences and control
/// characters other than tab and newline go, trailing whitespace is trimmed from every line and from
/// the end. Indentation, blank lines and code blocks stay exactly as typed (the original pipeline
/// collapsed all whitespace and destroyed code).
/// </summary>
public static partial class TextNormalizer
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var withoutAnsi = text.Contains('\u001b', StringComparison.Ordinal) ? AnsiEscape().Replace(text, "") : text;
        var builder = new StringBuilder(withoutAnsi.Length);
        int lineStart = 0;
        for (int i = 0; i < withoutAnsi.Length; i++)
        {
            char c = withoutAnsi[i];
            if (c == '\r')
            {
                if (i + 1 < withoutAnsi.Length && withoutAnsi[i + 1] == '\n') continue;
                c = '\n';
            }
            if (c == '\n')
            {
                TrimEnd(builder, lineStart, trimNewlines: false);
                builder.Append('\n');
                lineStart = builder.Length;
                continue;
            }
            if (char.IsControl(c) && c != '\t') continue;
            builder.Append(c);
        }
        TrimEnd(builder, 0, trimNewlines: true);
        return builder.ToString();
    }

    /// <summary>Words are runs of non-whitespace; empty text has none (the original counted 1).</summary>
    public static int WordCount(string text)
    {
        int words = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord) words++;
            inWord = !space;
        }
        return words;
    }

    private static void TrimEnd(StringBuilder builder, int floor, bool trimNewlines)
    {
        int end = builder.Length;
        while (end > floor && (builder[end - 1] is ' ' or '\t' || (trimNewlines && builder[end - 1] == '\n'))) end--;
        builder.Length = end;
    }

    /// <summary>CSI sequences (colors, cursor moves), OSC sequences (titles, links) and two-byte escapes.</summary>
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex AnsiEscape();
}
