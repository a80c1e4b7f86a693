using System.Text.RegularExpressions;
using Hindsight.Correction.Protection;
using Hindsight.Secrets;

namespace Hindsight.Tests.Secrets;

/// <summary>The proofs that a rule's matches hold a keyword near their start, which let the detector skip whole-text scans.</summary>
public sealed class KeywordAnchorTests
{
    [Fact]
    public void A_keyword_at_the_start_is_found_at_offset_zero_for_each_alternative()
    {
        var anchor = KeywordAnchor.Prove("(?i)(?<![a-z])(?:key|salt)\\s*=", ["key", "salt"]);

        Assert.NotNull(anchor);
        Assert.Equal([0], anchor.OffsetsByKeyword["KEY"]);
        Assert.Equal([0], anchor.OffsetsByKeyword["salt"]);
    }

    [Fact]
    public void A_keyword_after_a_bounded_run_is_found_at_each_offset_the_run_allows()
    {
        var anchor = KeywordAnchor.Prove("[0-9]{2,3}:AA[a-z]+", [":AA"]);

        Assert.NotNull(anchor);
        Assert.Equal([2, 3], anchor.OffsetsByKeyword[":AA"]);
    }

    [Theory]
    [InlineData("[a-z]+key", "key")]                 // unbounded run before the keyword
    [InlineData("(?i)basic\\s+[a-z]{12}", "basic ")] // \s is also a tab: a match need not hold "basic "
    [InlineData("key|[0-9]{32}-x", "key")]           // one alternative without the keyword
    [InlineData("(?i)token", "TOKENS")]              // the keyword is longer than what the regex promises
    [InlineData("\\p{L}key", "key")]                 // syntax the model does not read
    [InlineData("(a)\\1key", "key")]
    public void A_rule_whose_matches_may_lack_a_keyword_has_no_anchor(string pattern, string keyword)
    {
        Assert.Null(KeywordAnchor.Prove(pattern, [keyword]));
    }

    [Fact]
    public void The_catalogue_rules_without_an_anchor_are_exactly_those_listed()
    {
        // Each runs over whole texts, as before; a rule leaving or joining this list changes what redaction costs.
        var unanchored = SecretDetector.Patterns.Where(rule => rule.Anchor is null).Select(rule => rule.Name).ToList();

        Assert.True(ExpectedUnanchored.SequenceEqual(unanchored), string.Join(", ", unanchored));
    }

    [Fact]
    public void Every_positive_example_of_an_anchored_rule_holds_a_keyword_where_the_anchor_says()
    {
        foreach (var rule in SecretDetector.Patterns.Where(rule => rule.Anchor is not null))
        {
            foreach (Match match in rule.Regex.Matches(string.Join("\n", Examples(rule))))
            {
                var text = match.Value;
                Assert.True(
                    rule.Anchor!.OffsetsByKeyword.Any(pair => pair.Value.Any(offset =>
                        text.Length >= offset + pair.Key.Length && string.Compare(text, offset, pair.Key, 0, pair.Key.Length, StringComparison.OrdinalIgnoreCase) == 0)),
                    $"{rule.Name}: '{text}' holds none of its keywords where the anchor says");
            }
        }
    }

    [Fact]
    public void The_case_variants_list_holds_every_character_a_case_insensitive_regex_takes_for_an_ascii_letter()
    {
        var missing = new List<int>();
        var letters = Enumerable.Range('a', 26).Select(letter => new Regex($"(?i){(char)letter}", RegexOptions.CultureInvariant)).ToArray();
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            var one = ((char)code).ToString();
            if (letters.Any(letter => letter.IsMatch(one)) && !one.AsSpan().ContainsAny(KeywordAnchor.CaseVariantsOfAsciiLetters)) missing.Add(code);
        }

        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing.Select(code => $"U+{code:X4}")));
    }

    private static readonly string[] ExpectedUnanchored =
    [
        "pem-private-key",     // -----BEGIN [A-Z0-9 ]*PRIVATE KEY: an unbounded run before the keyword
        "aws-session-token",   // aws session.token=... holds none of session_token, sessiontoken, session-token
        "mailgun-api-key",     // its second form (32 hex-8 hex-8 hex) holds neither key- nor mailgun
        "basic-auth-header",   // basic<TAB>credentials holds no "basic "
        "curl-user-password",  // -a=user:password holds none of its keywords
        "cli-password-flag",   // --[a-z]+-...-password: an unbounded run of words before the keyword
    ];

    private static IEnumerable<string> Examples(SecretPattern rule) =>
        SecretCatalogueExamples.Positives.Where(example => example.Rule == rule.Name).Select(example => example.Text);
}
