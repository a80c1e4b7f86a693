using System.Globalization;

namespace Hindsight.Correction.Protection;

/// <summary>Checks that a text holds the placeholders ⟦P1⟧..⟦Pn⟧ each exactly once and nothing else in ⟦ ⟧ brackets.</summary>
public static class PlaceholderCheck
{
    /// <summary>Returns null when <paramref name="text"/> holds exactly placeholders 1..<paramref name="expectedCount"/>, each once; otherwise the reason.</summary>
    public static string? Describe(string text, int expectedCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seen = new int[expectedCount + 1];
        var bracketsInPlaceholders = 0;
        foreach (System.Text.RegularExpressions.Match match in Placeholders.Pattern().Matches(text))
        {
            bracketsInPlaceholders += 2;
            var number = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            if (number < 1 || number > expectedCount || match.Groups[1].Value[0] == '0')
            {
                return string.Create(CultureInfo.InvariantCulture, $"placeholder {match.Value} was not sent");
            }

            seen[number]++;
        }

        for (var number = 1; number <= expectedCount; number++)
        {
            if (seen[number] == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"placeholder {Placeholders.Format(number)} is missing or altered");
            }

            if (seen[number] > 1)
            {
                return string.Create(CultureInfo.InvariantCulture, $"placeholder {Placeholders.Format(number)} appears {seen[number]} times");
            }
        }

        var brackets = 0;
        foreach (var character in text)
        {
            if (character is Placeholders.Open or Placeholders.Close)
            {
                brackets++;
            }
        }

        return brackets == bracketsInPlaceholders ? null : "a placeholder bracket was altered";
    }
}
