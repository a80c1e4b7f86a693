using System.Globalization;
using System.Net;

namespace Hindsight.Reports.Html;

/// <summary>
/// Every text that reaches the page goes through here: transcript text is HTML-escaped (an <c>&lt;img src=http…&gt;</c>
/// typed in a prompt stays text and fetches nothing), and numbers are formatted the same way everywhere.
/// </summary>
public static class HtmlText
{
    /// <summary>
    /// &lt; &gt; &amp; " and ' as entities (WebUtility's rule; other characters stay as they are, the page being UTF-8:
    /// an encoder that also escapes every non-ASCII character made pages of non-English prompts several times larger).
    /// </summary>
    public static string Escape(string? text) => text is null ? "" : WebUtility.HtmlEncode(text);

    public static string Usd(double value) => "$" + value.ToString("N2", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The round-trip form, for data attributes a test or a script compares with `report --json`.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes:00} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min"
        : $"{(int)span.TotalSeconds} s";

    /// <summary>At most <paramref name="limit"/> characters, saying how many were left out, so one huge tool output cannot swell the page.</summary>
    public static string Clip(string? text, int limit)
    {
        if (text is null) return "";
        return text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit), $"\n… ({Count(text.Length - limit)} more characters)");
    }
}
