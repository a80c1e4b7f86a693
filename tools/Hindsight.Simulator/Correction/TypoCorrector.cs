using System.Text;
using System.Text.RegularExpressions;

namespace Hindsight.Simulator;

/// <summary>
/// The simulator's "model": replaces whole words found in the typo table, case-insensitively, and
/// carries an upper-case first letter over to the correction ("Teh" → "The"); a lower-case first
/// letter leaves the correction as the table spells it, so "im" becomes "I'm", not "i'm".
/// Text inside placeholders is never looked at.
/// </summary>
internal sealed class TypoCorrector
{
    private readonly IReadOnlyDictionary<string, string> _corrections;
    private readonly Regex _misspelling;

    public TypoCorrector(TypoTable table)
    {
        _corrections = table.Corrections;
        var alternatives = table.Corrections.Keys
            .OrderByDescending(key => key.Length)
            .Select(Regex.Escape);
        _misspelling = new Regex(
            $@"\b(?:{string.Join('|', alternatives)})\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Correct(string text)
    {
        var corrected = new StringBuilder(text.Length);
        var position = 0;
        foreach (Match placeholder in Placeholders.Pattern().Matches(text))
        {
            corrected.Append(CorrectWords(text[position..placeholder.Index]));
            corrected.Append(placeholder.Value);
            position = placeholder.Index + placeholder.Length;
        }
        corrected.Append(CorrectWords(text[position..]));
        return corrected.ToString();
    }

    private string CorrectWords(string segment) =>
        segment.Length == 0 ? segment : _misspelling.Replace(segment, ReplaceOne);

    private string ReplaceOne(Match match)
    {
        // Regex case folding is a little wider than the dictionary's (e.g. the Kelvin sign): leave such odd matches alone.
        if (!_corrections.TryGetValue(match.Value, out var correction))
        {
            return match.Value;
        }
        return char.IsUpper(match.Value[0])
            ? string.Concat(char.ToUpperInvariant(correction[0]).ToString(), correction.AsSpan(1))
            : correction;
    }
}
