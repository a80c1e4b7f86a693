using System.Text.RegularExpressions;
using Hindsight.Correction.Protection;
using Hindsight.Secrets;

namespace Hindsight.Tests.Secrets;

/// <summary>
/// The detector as it was before keyword anchors (commit 4d94d79): every rule with a keyword in the text runs its regex
/// over the whole text. The reference the differential tests hold <see cref="SecretDetector"/> to: any difference is a
/// leak or a new false positive.
/// </summary>
internal static class WholeTextSecretDetector
{
    private static readonly Lazy<Regex[]> Regexes = new(() => SecretDetector.Patterns
        .Select(rule => new Regex(rule.Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture))
        .ToArray());

    public static List<SecretMatch> Find(string text)
    {
        var rules = SecretDetector.Patterns;
        var active = new bool[rules.Count];
        var matches = new List<SecretMatch>();
        if (SecretRuleCatalog.Current.Prefilter.Mark(text, active) == 0) return matches;
        for (var index = 0; index < rules.Count; index++)
        {
            if (!active[index]) continue;
            foreach (Match match in Regexes.Value[index].Matches(text))
            {
                if (Accept(rules[index], text, match) is { } secret) matches.Add(secret);
            }
        }

        matches.Sort(static (left, right) => left.Start.CompareTo(right.Start));
        return matches;
    }

    private static SecretMatch? Accept(SecretPattern rule, string text, Match match)
    {
        var group = match.Groups["secret"];
        var (start, length) = group.Success ? (group.Index, group.Length) : (match.Index, match.Length);
        if (length == 0) return null;
        var value = text.AsSpan(start, length);
        if (value.Contains('\u27E6') && MeaningfulLength(value) < 3) return null;
        if (rule.MinEntropy is { } minimum && ShannonEntropy.Of(value) < minimum) return null;
        return new SecretMatch(start, length, rule.Name);
    }

    private static int MeaningfulLength(ReadOnlySpan<char> value)
    {
        var count = 0;
        var inside = false;
        foreach (var character in value)
        {
            if (character == '\u27E6') inside = true;
            else if (character == '\u27E7') inside = false;
            else if (!inside && !char.IsWhiteSpace(character) && character is not ('"' or '\'' or '`')) count++;
        }

        return count;
    }
}
