using System.Text;
using System.Text.RegularExpressions;
using Hindsight.Sampling;

namespace Hindsight.Simulator;

/// <summary>
/// The simulator's "model": the typo table's own correction rule (<see cref="TypoTable.Correct"/>: whole words,
/// case-insensitive, an upper-case first letter carried over; "im" becomes "I'm", not "i'm"), applied outside
/// placeholders only: text inside them is never looked at.
/// </summary>
internal sealed class TypoCorrector(TypoTable table)
{
    public string Correct(string text)
    {
        var corrected = new StringBuilder(text.Length);
        var position = 0;
        foreach (Match placeholder in Placeholders.Pattern().Matches(text))
        {
            corrected.Append(table.Correct(text[position..placeholder.Index]));
            corrected.Append(placeholder.Value);
            position = placeholder.Index + placeholder.Length;
        }
        corrected.Append(table.Correct(text[position..]));
        return corrected.ToString();
    }
}
