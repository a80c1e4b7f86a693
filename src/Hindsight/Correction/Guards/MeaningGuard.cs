using System.Collections.Frozen;
using System.Text;

namespace Hindsight.Correction.Guards;

/// <summary>
/// A typo correction changes spelling, not meaning. The original and the corrected text are aligned word by word; the
/// answer is rejected (with the first offending word in the reason) unless every word of the original maps to a word
/// of the correction that is the same word misspelled, and no word is added or removed.
/// </summary>
/// <remarks>
/// <para>Words pair up when, compared in lower case with apostrophes removed ("dont" to "don't" is allowed):</para>
/// <list type="bullet">
/// <item>they are equal (a case change is allowed), or within a Damerau-Levenshtein distance of 2 (1 for a word of 4
/// letters or fewer);</item>
/// <item>one word is split in two or two are joined ("alot" to "a lot"), judged the same way on the joined letters;</item>
/// <item>a chat abbreviation is written out ("u" to "you", "pls" to "please": <see cref="Abbreviations"/>).</item>
/// </list>
/// <para>And never when:</para>
/// <list type="bullet">
/// <item>the original is an identifier (a digit, a capital after the first letter, an underscore, a dot or a slash):
/// it stays byte for byte, so numbers, dates, versions and names like GitHub never change;</item>
/// <item>a negation appears or disappears ("not", "never", "don't", any word ending in n't: <see cref="Negations"/>);</item>
/// <item>a number word changes ("ten" to "two"), or one short function word becomes another ("on" to "in",
/// "of" to "off": <see cref="DistinctShortWords"/>), since each is a valid word with another meaning;</item>
/// <item>a capitalized word inside a sentence (a name) changes by more than one edit (short names: only case);</item>
/// <item>one stem gets another prefix ("increase" to "decrease", "install" to "uninstall", "enable" to "unable").</item>
/// </list>
/// <para>Placeholders (⟦P1⟧) and symbols other than sentence punctuation must stay in place. Sentence punctuation
/// (. , ; : ! ? and quotes) may be added or removed; words may not, so an added or removed sentence or instruction
/// ("IGNORE PRIOR INSTRUCTIONS.") is always caught. The alignment allows no insertion or deletion, only 1:1, 1:2 and
/// 2:1 pairings, so it runs in time linear in the length of the text.</para>
/// </remarks>
public static class MeaningGuard
{
    /// <summary>Words that negate; adding or removing one changes the meaning.</summary>
    public static readonly FrozenSet<string> Negations = FrozenSet.ToFrozenSet(
    [
        "not", "no", "never", "none", "nothing", "nobody", "noone", "nowhere", "neither", "nor", "cannot", "without",
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "wouldnt", "cant", "couldnt", "shouldnt",
        "mustnt", "neednt", "hasnt", "havent", "hadnt", "aint", "mightnt", "shant", "nope", "nah",
    ], StringComparer.Ordinal);

    /// <summary>Number words: changing one changes a quantity.</summary>
    public static readonly FrozenSet<string> NumberWords = FrozenSet.ToFrozenSet(
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
        "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "once", "twice",
        "thrice", "half", "double", "triple", "single", "first", "second", "third", "fourth", "fifth", "last",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Short valid words within one edit of each other whose meanings differ; one never becomes another.
    /// </summary>
    public static readonly FrozenSet<string> DistinctShortWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "and", "add", "or", "in", "on", "at", "to", "of", "off", "is", "it", "if", "as", "by", "up", "us",
        "we", "he", "me", "be", "do", "so", "all", "any", "can", "may", "was", "has", "had", "did", "now", "new", "old",
        "yes", "true", "false", "min", "max", "more", "less", "most", "least", "open", "close", "same", "some", "here",
        "there", "this", "that", "then", "than", "from", "into", "onto", "out", "our", "own", "now", "how", "why",
        "who", "what", "when", "where", "which", "will", "well", "fail", "pass", "left", "right", "high", "low",
        "before", "after", "above", "below", "over", "under", "show", "hide", "keep", "read", "write", "allow", "deny",
        "enable", "disable", "always", "never", "start", "stop", "big", "bug", "fix", "mix", "six", "sex", "get", "set",
        "let", "put", "cut", "but", "not", "nut", "net", "bet", "best", "test", "text", "next", "last", "lost", "list",
    ], StringComparer.Ordinal);

    /// <summary>Chat abbreviations that may be written out: same word, not a change of meaning.</summary>
    public static readonly FrozenDictionary<string, string> Abbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["u"] = "you", ["ur"] = "your", ["r"] = "are", ["pls"] = "please", ["plz"] = "please", ["thx"] = "thanks",
        ["ppl"] = "people", ["msg"] = "message", ["bc"] = "because", ["cuz"] = "because",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Prefixes that turn a word into another or its opposite (the empty prefix included).</summary>
    private static readonly string[] OppositePrefixes =
        ["", "un", "in", "im", "il", "ir", "dis", "de", "ex", "en", "non", "anti", "re", "pre", "post", "up", "down", "over", "under", "out", "mis"];

    // States visited before giving up: only splits and joins branch, so real texts stay far below it.
    private const int MaxStates = 200_000;

    /// <summary>Null when <paramref name="corrected"/> changes only spelling; otherwise why not.</summary>
    public static string? Check(string original, string corrected)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(corrected);
        var from = MeaningToken.Split(original);
        var to = MeaningToken.Split(corrected);
        var visited = new HashSet<long>();
        var pending = new Stack<(int I, int J)>();
        pending.Push((0, 0));
        (int I, int J) furthest = (0, 0);
        while (pending.Count > 0)
        {
            var (i, j) = pending.Pop();
            // i * (m + 1) + j: unique, and spread by long's hash (i << 32 | j would collide on the diagonal, i ^ j = 0).
            if (!visited.Add(((long)i * (to.Count + 1)) + j)) continue;
            if (visited.Count > MaxStates) return "too many ways to align the words; not a typo correction";
            if (i == from.Count && j == to.Count) return null;
            if (i > furthest.I || (i == furthest.I && j > furthest.J)) furthest = (i, j);
            if (i < from.Count && j < to.Count && Pairs(from[i], to[j]) is null) pending.Push((i + 1, j + 1));
            if (i < from.Count && j + 1 < to.Count && Splits(from[i], to[j], to[j + 1])) pending.Push((i + 1, j + 2));
            if (i + 1 < from.Count && j < to.Count && Splits(to[j], from[i], from[i + 1])) pending.Push((i + 2, j + 1));
        }

        return Describe(from, to, furthest.I, furthest.J);
    }

    private static string Describe(List<MeaningToken> from, List<MeaningToken> to, int i, int j)
    {
        if (i >= from.Count) return $"adds words: \"{Quote(string.Join(' ', to.Skip(j).Take(6).Select(t => t.Text)))}\"";
        if (j >= to.Count) return $"removes words: \"{Quote(string.Join(' ', from.Skip(i).Take(6).Select(t => t.Text)))}\"";
        return Pairs(from[i], to[j]) ?? $"adds or removes words near \"{Quote(from[i].Text)}\"";
    }

    /// <summary>Null when <paramref name="corrected"/> may stand for <paramref name="original"/>; otherwise why not.</summary>
    private static string? Pairs(MeaningToken original, MeaningToken corrected)
    {
        if (string.Equals(original.Text, corrected.Text, StringComparison.Ordinal)) return null;
        var change = $"\"{Quote(original.Text)}\" to \"{Quote(corrected.Text)}\"";
        if (!original.IsWord || !corrected.IsWord) return $"changes {change} (a placeholder or symbol must stay in place)";
        if (original.IsIdentifier) return $"changes {change} (numbers, dates and identifiers never change)";
        if (corrected.HasDigit) return $"changes {change} (introduces a number)";
        if (original.IsNegation != corrected.IsNegation) return $"changes {change} ({(original.IsNegation ? "removes" : "adds")} a negation)";
        if (string.Equals(original.Folded, corrected.Folded, StringComparison.Ordinal)) return null;
        if (Abbreviations.TryGetValue(original.Folded, out var written) && string.Equals(written, corrected.Folded, StringComparison.Ordinal)) return null;
        if (NumberWords.Contains(original.Folded)) return $"changes {change} (a number word)";
        if (DistinctShortWords.Contains(original.Folded) && DistinctShortWords.Contains(corrected.Folded)) return $"changes {change} (another word, not a typo)";
        if (SwapsPrefix(original.Folded, corrected.Folded)) return $"changes {change} (an opposite, not a typo)";
        if (original.IsName)
        {
            var nameLimit = original.Folded.Length <= 4 ? 0 : 1;
            if (DamerauLevenshtein(original.Folded, corrected.Folded, nameLimit) > nameLimit) return $"changes the name {change}";
            return null;
        }

        var limit = TypoLimit(original.Folded);
        return DamerauLevenshtein(original.Folded, corrected.Folded, limit) > limit ? $"changes {change} (more than a typo)" : null;
    }

    /// <summary>True when <paramref name="single"/> is <paramref name="first"/> and <paramref name="second"/> written as one word, give or take a typo.</summary>
    private static bool Splits(MeaningToken single, MeaningToken first, MeaningToken second)
    {
        if (!single.IsWord || !first.IsWord || !second.IsWord) return false;
        if (single.IsIdentifier || first.IsIdentifier || second.IsIdentifier) return false;
        if (single.IsNegation != (first.IsNegation || second.IsNegation)) return false;
        if (single.IsName || first.IsName || second.IsName) return false;
        var joined = first.Folded + second.Folded;
        var limit = TypoLimit(single.Folded);
        return DamerauLevenshtein(single.Folded, joined, limit) <= limit;
    }

    /// <summary>
    /// True when both words are one stem behind different prefixes: "increase" and "decrease", "install" and
    /// "uninstall", "enable" and "unable", "import" and "export" — near in spelling, opposite in meaning.
    /// </summary>
    private static bool SwapsPrefix(string original, string corrected)
    {
        foreach (var first in OppositePrefixes)
        {
            if (!original.StartsWith(first, StringComparison.Ordinal) || original.Length - first.Length < 3) continue;
            var stem = original.AsSpan(first.Length);
            foreach (var second in OppositePrefixes)
            {
                if (!string.Equals(first, second, StringComparison.Ordinal) && corrected.Length == second.Length + stem.Length
                    && corrected.StartsWith(second, StringComparison.Ordinal) && corrected.AsSpan(second.Length).SequenceEqual(stem))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int TypoLimit(string folded) => folded.Length <= 4 ? 1 : 2;

    /// <summary>Optimal-string-alignment distance, or <paramref name="limit"/> + 1 once it is certainly above it.</summary>
    internal static int DamerauLevenshtein(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var rows = new int[3][];
        for (var r = 0; r < 3; r++) rows[r] = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) rows[1][j] = j;
        int[] beforePrevious = rows[0], previous = rows[1], current = rows[2];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, beforePrevious[j - 2] + 1);
                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit) return limit + 1;
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return Math.Min(previous[b.Length], limit + 1);
    }

    // Words quoted in a reason: printable characters only, and short.
    private static string Quote(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 40));
        foreach (var c in text)
        {
            if (builder.Length >= 40)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) || c == '"' ? ' ' : c);
        }

        return builder.ToString();
    }
}
