using System.Buffers;

namespace Hindsight.Secrets;

/// <summary>
/// Finds, in one vectorised pass over a text, which rules have one of their keywords in it; only those rules' regexes
/// run. Most texts hold no keyword of most rules, so the cost stays linear in the text, not in text times rules. For a
/// rule with a <see cref="KeywordAnchor"/>, the same pass notes where its matches may start, so that its regex is tried
/// at those positions only.
/// </summary>
internal sealed class KeywordPrefilter
{
    private readonly SearchValues<string> _keywords;
    // Keywords by their first character in lower case, each with the rules it enables and, per rule, the offsets from a
    // match's start at which the keyword stands (null when the rule has no anchor).
    private readonly Dictionary<char, Keyword[]> _byFirstCharacter;
    private readonly int _ruleCount;

    private sealed record Keyword(string Text, int[] Rules, int[]?[] Offsets);

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
            .ToDictionary(group => group.Key, group => group.Select(pair =>
            {
                var ruleIndexes = pair.Value.Distinct().ToArray();
                var offsets = ruleIndexes
                    .Select(rule => rules[rule].Anchor is { } anchor ? anchor.OffsetsByKeyword.GetValueOrDefault(pair.Key, []) : null)
                    .ToArray();
                return new Keyword(pair.Key, ruleIndexes, offsets);
            }).ToArray());
    }

    /// <summary>Sets <paramref name="active"/>[i] for every rule i whose keyword occurs in <paramref name="text"/>; returns how many.</summary>
    public int Mark(ReadOnlySpan<char> text, Span<bool> active) => Scan(text, active, null);

    /// <summary>
    /// As <see cref="Mark"/>, and adds to <paramref name="starts"/> (when given) every position where an anchored rule's
    /// match may start: each occurrence of one of its keywords less each offset the keyword can stand at.
    /// </summary>
    public int Scan(ReadOnlySpan<char> text, Span<bool> active, CandidateStarts? starts)
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
                foreach (var keyword in candidates)
                {
                    if (!rest.StartsWith(keyword.Text, StringComparison.OrdinalIgnoreCase)) continue;
                    for (var index = 0; index < keyword.Rules.Length; index++)
                    {
                        var rule = keyword.Rules[index];
                        if (starts is not null && keyword.Offsets[index] is { } offsets)
                        {
                            foreach (var before in offsets)
                            {
                                if (at >= before) starts.Add(rule, at - before);
                            }
                        }

                        if (active[rule]) continue;
                        active[rule] = true;
                        count++;
                    }
                }
            }

            // Every occurrence counts once rules have anchors; without, all rules marked is the end.
            if (count == _ruleCount && starts is null) break;
            offset = at + 1;
        }

        return count;
    }
}
