using System.Text;

namespace Hindsight.Search;

/// <summary>
/// A stretch of a message's text around the matched words, on one line, with where the matches are: plain text plus
/// ranges, so each output marks them its own way (bold in a terminal, &lt;mark&gt; in HTML, offsets in JSON).
/// </summary>
public sealed record SearchSnippet(string Text, IReadOnlyList<SnippetMatch> Matches)
{
    // Private-use characters the highlighter wraps matches in; removed from the text before it is highlighted.
    internal const char Open = '\uE000';
    internal const char Close = '\uE001';

    /// <summary>The text made fit for one snippet line: control characters and line breaks become spaces, runs of spaces one, the markers removed.</summary>
    internal static string Flatten(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (c is Open or Close) continue;
            bool blank = char.IsWhiteSpace(c) || char.IsControl(c);
            if (blank && (space || builder.Length == 0)) continue;
            builder.Append(blank ? ' ' : c);
            space = blank;
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>The snippet from the highlighter's marked fragment.</summary>
    internal static SearchSnippet FromMarked(string marked)
    {
        var text = new StringBuilder(marked.Length);
        var matches = new List<SnippetMatch>();
        int start = -1;
        foreach (char c in marked)
        {
            if (c == Open) start = text.Length;
            else if (c == Close)
            {
                if (start >= 0 && text.Length > start) matches.Add(new SnippetMatch(start, text.Length - start));
                start = -1;
            }
            else text.Append(c);
        }
        return new SearchSnippet(text.ToString(), matches);
    }
}

/// <summary>One matched stretch of a snippet: its start and length in characters.</summary>
public sealed record SnippetMatch(int Start, int Length);
