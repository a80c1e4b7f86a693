using System.Text.RegularExpressions;

namespace Hindsight.Secrets;

/// <summary>
/// Recognises credentials so that they are withheld from any provider and redacted from every derived table. The
/// rules are data: <c>secret-rules.json</c> beside this file (see <see cref="SecretRuleCatalog"/>), one rule per token
/// format a provider documents (GitHub, GitLab, Slack, Stripe, Google, AWS, OpenAI, Anthropic, Hugging Face, npm, ...),
/// plus command-line passwords, <c>.env</c>-style assignments, URLs with passwords, private key blocks, JWTs and
/// high-entropy values assigned to key-like names. The list is deliberately broad: a false positive only leaves a few
/// characters uncorrected, a false negative would send a secret off the machine.
/// </summary>
/// <remarks>
/// A rule runs only on texts holding one of its keywords (one pass finds them all), and, when its matches provably hold
/// a keyword near their start (<see cref="KeywordAnchor"/>: all but a few rules), only at the positions those keyword
/// occurrences allow, so a long text full of "token" and "key" is not read once per rule. A rule's named group <c>secret</c>
/// is what is withheld (so <c>DB_PASS=⟦redacted⟧</c> keeps its name); a value made only of placeholders or
/// redaction markers (<c>⟦...⟧</c>) is not a secret, so protection and redaction can be applied twice.
/// </remarks>
public static class SecretDetector
{
    private const int MinimumSecretLength = 3;
    private const int MaxRulesOnTheStack = 256;

    /// <summary>The catalogue's rules, in the order they are tried.</summary>
    public static IReadOnlyList<SecretPattern> Patterns => SecretRuleCatalog.Current.Rules;

    /// <summary>Every match of every rule, possibly overlapping, ordered by start.</summary>
    public static IReadOnlyList<SecretMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<SecretMatch>? matches = null;
        Detect(text, ref matches, firstOnly: false);
        if (matches is null) return [];
        matches.Sort(static (left, right) => left.Start.CompareTo(right.Start));
        return matches;
    }

    /// <summary>True when any rule matches.</summary>
    public static bool ContainsSecret(string text) => FirstRuleMatching(text) is not null;

    /// <summary>The id of the first rule that matches <paramref name="text"/>, or null.</summary>
    public static string? FirstRuleMatching(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<SecretMatch>? matches = null;
        Detect(text, ref matches, firstOnly: true);
        return matches is [var first, ..] ? first.PatternName : null;
    }

    /// <summary>
    /// Adds every accepted match to <paramref name="matches"/>, rule by rule in catalogue order, each rule's in text
    /// order (the order the sort by start then keeps for ties); with <paramref name="firstOnly"/>, stops at the first.
    /// </summary>
    private static void Detect(string text, ref List<SecretMatch>? matches, bool firstOnly)
    {
        var catalog = SecretRuleCatalog.Current;
        var rules = catalog.Rules;
        Span<bool> active = rules.Count <= MaxRulesOnTheStack ? stackalloc bool[rules.Count] : new bool[rules.Count];
        // A character that the regex folds onto an ASCII letter and the keyword search does not: whole texts, as before.
        var anchorsHold = !text.AsSpan().ContainsAny(KeywordAnchor.CaseVariantsOfAsciiLetters);
        using var collected = anchorsHold ? new CandidateStarts() : null;
        if (catalog.Prefilter.Scan(text, active, collected) == 0) return;
        var starts = collected is { Overflowed: false } ? collected : null;
        starts?.Seal();
        for (var index = 0; index < rules.Count; index++)
        {
            if (!active[index]) continue;
            var rule = rules[index];
            if (starts is not null && rule.Anchor is not null)
            {
                if (FindAtStarts(rule, index, text, starts, ref matches, firstOnly) && firstOnly) return;
                continue;
            }

            foreach (Match match in rule.RegexFor(text.Length).Matches(text))
            {
                if (Accept(rule, text, match) is not { } secret) continue;
                (matches ??= []).Add(secret);
                if (firstOnly) return;
            }
        }
    }

    /// <summary>
    /// The rule's matches found by trying its regex only at the starts its keyword occurrences allow, scanning left to
    /// right as <see cref="Regex.Matches(string)"/> does (a match's end is where the next may begin), so the matches are
    /// the same as over the whole text. True when one was accepted.
    /// </summary>
    private static bool FindAtStarts(SecretPattern rule, int index, string text, CandidateStarts starts, ref List<SecretMatch>? matches, bool firstOnly)
    {
        var regex = rule.AnchoredRegexFor(starts.CountFor(index));
        var accepted = false;
        var next = 0;
        while (starts.TryNext(index, out var start))
        {
            // Starts arrive in order, repeated when keywords overlap: each position is tried once.
            if (start < next) continue;
            next = start + 1;
            if (!regex.IsMatch(text.AsSpan(), start)) continue;
            var match = regex.Match(text, start);
            next = match.Length == 0 ? start + 1 : match.Index + match.Length;
            if (Accept(rule, text, match) is not { } secret) continue;
            (matches ??= []).Add(secret);
            accepted = true;
            if (firstOnly) return true;
        }

        return accepted;
    }

    private static SecretMatch? Accept(SecretPattern rule, string text, Match match)
    {
        var group = match.Groups["secret"];
        var (start, length) = group.Success ? (group.Index, group.Length) : (match.Index, match.Length);
        if (length == 0) return null;
        var value = text.AsSpan(start, length);
        if (value.Contains('\u27E6') && MeaningfulLength(value) < MinimumSecretLength) return null;
        if (rule.MinEntropy is { } minimum && ShannonEntropy.Of(value) < minimum) return null;
        return new SecretMatch(start, length, rule.Name);
    }

    // Characters outside ⟦...⟧ placeholders and redaction markers, quotes and spaces.
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
