using System.Globalization;
using System.Text;

namespace Hindsight.Cli.Output;

/// <summary>
/// Untrusted text (transcript content, file names, provider errors, DuckDB messages quoting data) made safe to
/// print on a terminal: control characters become visible escapes (<c>\x1b</c>, <c>\u009b</c>), so a transcript
/// cannot set the window title, write to the clipboard (OSC 52), move the cursor or hide text. Newline and tab are
/// kept. Bidirectional overrides and isolates are escaped too, so text cannot be shown in an order other than its
/// own. JSON output needs none of this: System.Text.Json already writes every control character as \uXXXX.
/// </summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> with every unsafe character replaced by its escape.</summary>
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        int first = IndexOfUnsafe(text);
        if (first < 0) return text;
        var safe = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c)) safe.Append(c);
            else if (c <= 0xFF) safe.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else safe.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return safe.ToString();
    }

    /// <summary><see cref="Safe"/>, then escaped for Spectre.Console markup (square brackets).</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Safe(text));

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
            if (IsUnsafe(text[i])) return i;
        return -1;
    }

    /// <summary>C0 controls but newline and tab, DEL, C1 controls (0x9B is a one-byte CSI), bidi overrides and isolates.</summary>
    private static bool IsUnsafe(char c) =>
        c < 0x20 ? c is not ('\n' or '\t')
        : c is '\x7f' or (>= '\x80' and <= '\x9f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
