using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace Hindsight.Reports.Html;

/// <summary>A prompt as typed beside its correction, word by word: removed words in &lt;del&gt;, added ones in &lt;ins&gt;, all escaped.</summary>
public static class PromptDiff
{
    /// <summary>Words and the whitespace between them as pieces of their own, so that joining the pieces gives the text back.</summary>
    private static readonly DelimiterChunker Words = new([' ', '\n', '\t']);

    public static string ToHtml(string original, string corrected)
    {
        var diff = Differ.Instance.CreateDiffs(original, corrected, ignoreWhiteSpace: false, ignoreCase: false, Words);
        var oldPieces = diff.PiecesOld;
        var newPieces = diff.PiecesNew;
        var html = new StringBuilder();
        int at = 0;
        foreach (var block in diff.DiffBlocks)
        {
            for (; at < block.DeleteStartA; at++) html.Append(HtmlText.Escape(oldPieces[at]));
            if (block.DeleteCountA > 0)
                html.Append("<del>").Append(HtmlText.Escape(string.Concat(oldPieces.Skip(block.DeleteStartA).Take(block.DeleteCountA)))).Append("</del>");
            if (block.InsertCountB > 0)
                html.Append("<ins>").Append(HtmlText.Escape(string.Concat(newPieces.Skip(block.InsertStartB).Take(block.InsertCountB)))).Append("</ins>");
            at = block.DeleteStartA + block.DeleteCountA;
        }
        for (; at < oldPieces.Count; at++) html.Append(HtmlText.Escape(oldPieces[at]));
        return html.ToString();
    }
}
