using System.Text;
using System.Text.Json;
using Hindsight.Correction.Protection;
using Hindsight.Secrets;
using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Secrets;

/// <summary>
/// The secret rule catalogue against tests/fixtures/secrets/secret-shapes.json: every positive shape is found by its
/// own rule and is gone after redaction and protection; no negative shape (ordinary prose and code) matches any rule.
/// </summary>
public sealed class SecretCatalogueTests
{
    private static readonly Lazy<Shapes> Fixture = new(Load);

    [Fact]
    public void The_catalogue_has_at_least_sixty_rules_each_with_keywords_and_a_positive_example()
    {
        var rules = SecretDetector.Patterns;
        Assert.True(rules.Count >= 60, $"only {rules.Count} rules");
        Assert.All(rules, rule => Assert.NotEmpty(rule.Keywords));
        var exemplified = Fixture.Value.Positives.Select(p => p.Rule).ToHashSet(StringComparer.Ordinal);
        var withoutExample = rules.Select(r => r.Name).Where(name => !exemplified.Contains(name)).ToList();
        var unknown = exemplified.Where(name => rules.All(r => r.Name != name)).ToList();
        Assert.True(withoutExample.Count == 0, "rules without a positive example: " + string.Join(", ", withoutExample));
        Assert.True(unknown.Count == 0, "examples of rules not in the catalogue: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_positive_shape_is_found_by_its_rule_and_gone_after_redaction()
    {
        var failures = new List<string>();
        foreach (var shape in Fixture.Value.Positives)
        {
            var at = shape.Text.IndexOf(shape.Secret, StringComparison.Ordinal);
            Assert.True(at >= 0, $"fixture error: the secret of a {shape.Rule} example is not in its text");
            var matches = SecretDetector.Find(shape.Text);
            if (!matches.Any(m => m.PatternName == shape.Rule && m.Start <= at && m.End >= at + shape.Secret.Length))
                failures.Add($"{shape.Rule}: not found by its rule in {shape.Text} (found: {string.Join(", ", matches.Select(m => $"{m.PatternName} {m.Start}+{m.Length}"))})");
            var redacted = SecretRedactor.Redact(shape.Text, out var count);
            if (redacted.Contains(shape.Secret, StringComparison.Ordinal) || count == 0)
                failures.Add($"{shape.Rule}: still there after redaction");
            if (SecretRedactor.Redact(redacted, out _) != redacted)
                failures.Add($"{shape.Rule}: redacting twice changes the text again");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_positive_shape_is_withheld_from_the_text_sent_to_a_provider()
    {
        var failures = new List<string>();
        foreach (var shape in Fixture.Value.Positives)
        {
            var text = $"pls fix teh config: {shape.Text} thanks";
            var result = TextProtector.Protect(text);
            if (result.Text.Contains(shape.Secret, StringComparison.Ordinal)) failures.Add($"{shape.Rule}: sent {result.Text}");
            if (result.Restore(result.Text) != text) failures.Add($"{shape.Rule}: not restored byte for byte");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void No_negative_shape_matches_any_rule()
    {
        var failures = Fixture.Value.Negatives
            .Select(text => (text, matches: SecretDetector.Find(text)))
            .Where(pair => pair.matches.Count > 0)
            .Select(pair => $"'{pair.text}': {string.Join(", ", pair.matches.Select(m => $"{m.PatternName} at {m.Start}"))}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_rule_does_not_run_on_a_text_without_any_of_its_keywords()
    {
        // The shape of a Stripe key, but the catalogue's keywords are what decide whether the regex runs at all.
        var catalog = SecretRuleCatalog.Parse(Encoding.UTF8.GetBytes("""
            {"rules":[{"id":"only-with-keyword","description":"x","regex":"[a-z]{4}_[0-9]{4}","keywords":["stripe"]}]}
            """));
        Span<bool> active = stackalloc bool[1];

        Assert.Equal(0, catalog.Prefilter.Mark("abcd_1234 without the word", active));
        Assert.Equal(1, catalog.Prefilter.Mark("a STRIPE key abcd_1234", active));
    }

    [Theory]
    [InlineData("""{"rules":[{"id":"x","description":"x","regex":"abc","keywords":[]}]}""")]
    [InlineData("""{"rules":[{"id":"x","description":"x","regex":"abc","keywords":["a"]},{"id":"x","regex":"def","keywords":["d"]}]}""")]
    [InlineData("""{"rules":[]}""")]
    public void A_malformed_catalogue_is_refused(string json)
    {
        Assert.Throws<InvalidDataException>(() => SecretRuleCatalog.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_redaction_version_is_a_hash_of_the_catalogue()
    {
        Assert.StartsWith(SecretRuleCatalog.Version, SecretRedactor.Version, StringComparison.Ordinal);
        Assert.Matches("^[0-9A-F]{16}$", SecretRuleCatalog.Version);
    }

    private static Shapes Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hindsight.slnx"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("no repository root above the tests"), "tests", "fixtures", "secrets", "secret-shapes.json");
        return JsonSerializer.Deserialize<Shapes>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    private sealed record Shapes(List<Shape> Positives, List<string> Negatives);

    private sealed record Shape(string Rule, string Text, string Secret);
}
