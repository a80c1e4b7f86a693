using System.Buffers;
using static Hindsight.Secrets.PatternPrefixParser;

namespace Hindsight.Secrets;

/// <summary>
/// A proof that every match of a rule's regex holds one of the rule's keywords near its start: for each keyword, the
/// offsets from a match's start at which it can stand. With it, the detector tries the regex only at the positions a
/// keyword occurrence allows (<c>occurrence - offset</c>) instead of scanning the whole text, and finds the same
/// matches: a match's start is always one of those positions, and a match attempt at a position does not depend on
/// where the scan began.
/// </summary>
/// <remarks>
/// The proof walks every way the regex can begin (<see cref="PatternPrefixParser"/>'s model, a superset of what it
/// accepts) until each way has spelt out one of the keywords, within <see cref="LongestPrefix"/> characters. A rule
/// whose matches may lack a keyword (<c>basic\tXYZ</c> against the keyword <c>"basic "</c>), or begin with an unbounded
/// run before it (<c>-----BEGIN [A-Z0-9 ]*PRIVATE KEY</c>), has no anchor and runs over whole texts.
/// </remarks>
internal sealed class KeywordAnchor
{
    /// <summary>How far into a match the proof looks for a keyword.</summary>
    private const int LongestPrefix = 48;

    /// <summary>How many steps the proof may take before it gives up (and the rule runs over whole texts).</summary>
    private const int StepBudget = 200_000;

    /// <summary>How deep the walk may nest (a repeat of something that can be empty would otherwise never end).</summary>
    private const int DepthBudget = 2_000;

    /// <summary>
    /// Characters outside ASCII that .NET's regex, ignoring case (culture-invariant), takes for an ASCII letter, which an
    /// ordinal case-insensitive keyword search does not: the Kelvin sign is a <c>k</c> to <c>(?i)key</c>. A text holding one
    /// is checked by every rule over its whole length, as before. The test that keeps this list complete asks the regex engine.
    /// </summary>
    internal static readonly SearchValues<char> CaseVariantsOfAsciiLetters = SearchValues.Create("\u0130\u0131\u017F\u212A");

    private KeywordAnchor(Dictionary<string, int[]> offsets) => OffsetsByKeyword = offsets;

    /// <summary>For each keyword (ordinal, ignoring case), the offsets from a match's start at which it can stand.</summary>
    public IReadOnlyDictionary<string, int[]> OffsetsByKeyword { get; }

    /// <summary>The largest offset of any keyword.</summary>
    public int LongestOffset => OffsetsByKeyword.Values.SelectMany(offsets => offsets).DefaultIfEmpty(0).Max();

    /// <summary>The anchor of a rule, or null when its matches cannot be shown to hold a keyword near their start.</summary>
    public static KeywordAnchor? Prove(string pattern, IReadOnlyList<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(keywords);
        Node model;
        try
        {
            model = PatternPrefixParser.Parse(pattern);
        }
        catch (NotSupportedException)
        {
            return null;
        }

        var search = new Search(keywords);
        return search.Explore(new Continuation(model, null), []) && search.Found.Count > 0
            ? new KeywordAnchor(search.Found.ToDictionary(pair => pair.Key, pair => pair.Value.Order().ToArray(), StringComparer.OrdinalIgnoreCase))
            : null;
    }

    /// <summary>What is left of the regex to read, as a linked stack.</summary>
    private sealed record Continuation(Node Head, Continuation? Tail);

    private sealed class Search(IReadOnlyList<string> keywords)
    {
        private int _steps;
        private int _depth;

        public Dictionary<string, HashSet<int>> Found { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// True when every way of reading <paramref name="rest"/> after <paramref name="prefix"/> spells a keyword within
        /// <see cref="LongestPrefix"/> characters. A prefix character is a known character, or null for "some character".
        /// </summary>
        public bool Explore(Continuation? rest, List<char?> prefix)
        {
            if (++_steps > StepBudget || _depth >= DepthBudget) return false;
            _depth++;
            try
            {
                return Step(rest, prefix);
            }
            finally
            {
                _depth--;
            }
        }

        private bool Step(Continuation? rest, List<char?> prefix)
        {
            if (KeywordIn(prefix) is var (keyword, offset) && keyword is not null)
            {
                if (!Found.TryGetValue(keyword, out var offsets)) Found[keyword] = offsets = [];
                offsets.Add(offset);
                return true;
            }

            if (prefix.Count >= LongestPrefix || rest is null) return false;
            switch (rest.Head)
            {
                case EmptyNode:
                    return Explore(rest.Tail, prefix);
                case SequenceNode sequence:
                    var continuation = rest.Tail;
                    for (var index = sequence.Items.Count - 1; index >= 0; index--) continuation = new Continuation(sequence.Items[index], continuation);
                    return Explore(continuation, prefix);
                case AlternationNode alternation:
                    return alternation.Branches.All(branch => Explore(new Continuation(branch, rest.Tail), prefix));
                case RepeatNode { Max: 0 }:
                    return Explore(rest.Tail, prefix);
                case RepeatNode repeat when repeat.Min > 0:
                    return Explore(new Continuation(repeat.Item, new Continuation(repeat with { Min = repeat.Min - 1, Max = Less(repeat.Max) }, rest.Tail)), prefix);
                case RepeatNode repeat:
                    return Explore(rest.Tail, prefix)
                        && Explore(new Continuation(repeat.Item, new Continuation(repeat with { Max = Less(repeat.Max) }, rest.Tail)), prefix);
                case CharacterNode { Members: null }:
                    return Extended(rest.Tail, prefix, null);
                case CharacterNode { Members: var members }:
                    return members.All(member => Extended(rest.Tail, prefix, member));
                default:
                    return false;
            }
        }

        private static int Less(int max) => max < 0 ? max : max - 1;

        private bool Extended(Continuation? rest, List<char?> prefix, char? next)
        {
            prefix.Add(next);
            try
            {
                return Explore(rest, prefix);
            }
            finally
            {
                prefix.RemoveAt(prefix.Count - 1);
            }
        }

        /// <summary>A keyword that the prefix spells (ignoring ASCII case), with where it starts; the earliest-ending one.</summary>
        private (string? Keyword, int Offset) KeywordIn(List<char?> prefix)
        {
            foreach (var keyword in keywords)
            {
                // Only a keyword ending at the prefix's last character is new: shorter prefixes were checked before.
                var offset = prefix.Count - keyword.Length;
                if (offset < 0) continue;
                var spelt = true;
                for (var index = 0; index < keyword.Length && spelt; index++)
                {
                    // ASCII only: an ordinal case-insensitive search finds exactly the ASCII case variants.
                    spelt = prefix[offset + index] is { } known && char.IsAscii(known) && char.IsAscii(keyword[index])
                        && char.ToLowerInvariant(known) == char.ToLowerInvariant(keyword[index]);
                }

                if (spelt) return (keyword, offset);
            }

            return (null, 0);
        }
    }
}
