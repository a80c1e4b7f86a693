using System.Buffers;

namespace Hindsight.Correction.Protection;

/// <summary>
/// Finds, in one vectorised pass over a text, which rules have one of their keywords in it; only those rules' regexes
/// run. Most texts hold no keyword of most rules, so the cost stays linear in the text, not in text times rules.
/// </summary>
internal sealed class KeywordPrefilter
{
    private readonly SearchValues<string> _keywords;
    // Keywords by their first character in lower case, each with the rules it enables.
    private readonly Dictionary<char, (string Keyword, int[] Rules)[]> _byFirstCharacter;
    private readonly int _ruleCount;

    public KeywordPrefilter(IReadOnlyList<SecretPattern> rules)
    {
        _ruleCount = rules.Count;
        var rulesByKeyword = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < rules.Count; index++)
        {
            foreach (var keyword in rules[index].Keywords)
            {
                if (!rulesByKeyword.TryGetValue(keyword, out var list)) rulesByKeyword[keyword] = list = [];
                list.Add(index);
            }
        }

        _keywords = SearchValues.Create(rulesByKeyword.Keys.ToArray(), StringComparison.OrdinalIgnoreCase);
        _byFirstCharacter = rulesByKeyword
            .GroupBy(pair => char.ToLowerInvariant(pair.Key[0]))
            .ToDictionary(group => group.Key, group => group.Select(pair => (pair.Key, pair.Value.Distinct().ToArray())).ToArray());
    }

    /// <summary>Sets <paramref name="active"/>[i] for every rule i whose keyword occurs in <paramref name="text"/>; returns how many.</summary>
    public int Mark(ReadOnlySpan<char> text, Span<bool> active)
    {
        var count = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(_keywords);
            if (found < 0) break;
            var at = offset + found;
            var rest = text[at..];
            if (_byFirstCharacter.TryGetValue(char.ToLowerInvariant(text[at]), out var candidates))
            {
                foreach (var (keyword, rules) in candidates)
                {
                    if (!rest.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)) continue;
                    foreach (var rule in rules)
                    {
                        if (active[rule]) continue;
                        active[rule] = true;
                        count++;
                    }
                }
            }

            if (count == _ruleCount) break;
            offset = at + 1;
        }

        return count;
    }
}
