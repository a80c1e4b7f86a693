using System.Text;
using System.Text.Json;
using Hindsight.Correction.Protection;
using Hindsight.Sampling;
using Hindsight.Secrets;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Tests.Secrets;

/// <summary>
/// The detector must find exactly what the whole-text detector found (<see cref="WholeTextSecretDetector"/>): the same
/// matches, in the same order, on every rule's examples in noise, on generated transcripts and on texts made to probe
/// the edges of keyword anchors. A match it misses would be a secret left in a derived table.
/// </summary>
public sealed class SecretDetectorDifferentialTests
{
    private const string Separators = " =:\n\t\"'-_./@,;|&?#+~\\`()[]{}<>⟦⟧";

    [Fact]
    public void Every_catalogue_example_in_noise_gives_the_same_matches()
    {
        var random = new Random(12);
        var texts = new List<string>();
        foreach (var text in SecretCatalogueExamples.Positives.Select(p => p.Text).Concat(SecretCatalogueExamples.Negatives))
        {
            texts.Add(text);
            texts.Add(text.ToUpperInvariant());
            texts.Add(text.ToLowerInvariant());
            texts.Add($"{Noise(random, 40)} {text} {Noise(random, 40)}");
            texts.Add($"{text}{text}\n{text}");
            texts.Add(Noise(random, 30) + text + Noise(random, 5) + text[..(text.Length / 2)]);
            // The Kelvin sign is a 'k' to a case-insensitive regex, not to the keyword search.
            texts.Add(text.Replace('k', '\u212A') + " key=" + text);
        }

        AssertSameMatches(texts);
    }

    [Fact]
    public void Random_texts_built_from_keywords_and_example_fragments_give_the_same_matches()
    {
        var fragments = SecretDetector.Patterns.SelectMany(rule => rule.Keywords)
            .Concat(SecretCatalogueExamples.Positives.SelectMany(p => Pieces(p.Text)))
            .Concat(["basic\t", "-a=", "mysql -u root -p", "Q~", "-us1", "@host/", "://u:p@h", "⟦redacted:x⟧", "AKIA", "\\n  "])
            .ToArray();
        var random = new Random(2026);
        var texts = new List<string>();
        for (var index = 0; index < 20_000; index++)
        {
            var builder = new StringBuilder();
            var parts = random.Next(1, 12);
            for (var part = 0; part < parts; part++)
            {
                var piece = random.Next(4) switch
                {
                    0 => Noise(random, random.Next(1, 50)),
                    1 => Separators[random.Next(Separators.Length)].ToString(),
                    _ => fragments[random.Next(fragments.Length)],
                };
                builder.Append(random.Next(6) switch { 0 => piece.ToUpperInvariant(), 1 => piece.ToLowerInvariant(), _ => piece });
            }

            texts.Add(builder.ToString());
        }

        AssertSameMatches(texts);
    }

    [Fact]
    public async Task Every_block_text_of_a_generated_corpus_gives_the_same_matches()
    {
        using var folder = new TempDirectory();
        var directory = folder.Path;
        await CorpusGenerator.GenerateAsync(CorpusSpec.FileScale(24, seed: 7), directory, null, TestContext.Current.CancellationToken);
        var texts = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(file);
            await new JsonlLineReader().ReadAsync(stream, 0, 1, line =>
            {
                if (TranscriptLineParser.Parse("f", line).Record is { } record)
                    texts.AddRange(record.Blocks.SelectMany(block => new[] { block.Text, block.ToolInput }).OfType<string>());
                return ValueTask.CompletedTask;
            }, TestContext.Current.CancellationToken);
        }

        Assert.True(texts.Count > 500, $"only {texts.Count} texts generated");
        Assert.Contains(texts, text => WholeTextSecretDetector.Find(text).Count > 0);
        AssertSameMatches(texts);
    }

    [Fact]
    public void A_text_with_more_anchored_starts_than_are_kept_is_read_whole_and_gives_the_same_matches()
    {
        // Each "key" allows a dozen starts (api_key, access_key, ... end in it): far more than CandidateStarts keeps.
        var text = string.Concat(Enumerable.Repeat("key token ", 120_000)) + "password=hunter2abc and SESSION_KEY=Zx81kPq0Lm3Nb7Vc";

        var expected = WholeTextSecretDetector.Find(text);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, SecretDetector.Find(text));
    }

    [Fact]
    public void Candidate_starts_stop_at_their_bound_and_say_so()
    {
        using var starts = new CandidateStarts();
        for (var start = 0; start < CandidateStarts.MaxStarts; start++) starts.Add(0, start);

        Assert.False(starts.Overflowed);
        starts.Add(0, 1);
        Assert.True(starts.Overflowed);
    }

    private static void AssertSameMatches(IEnumerable<string> texts)
    {
        var failures = new List<string>();
        var compared = 0;
        foreach (var text in texts)
        {
            compared++;
            var expected = WholeTextSecretDetector.Find(text);
            var actual = SecretDetector.Find(text);
            if (!expected.SequenceEqual(actual))
                failures.Add($"{JsonSerializer.Serialize(text)}\n  whole text: {Describe(expected)}\n  anchored:   {Describe(actual)}");
            var first = expected.Count == 0 ? null : SecretDetector.Patterns.Select(rule => rule.Name).First(name => expected.Any(m => m.PatternName == name));
            if (SecretDetector.FirstRuleMatching(text) != first) failures.Add($"{JsonSerializer.Serialize(text)}: first rule differs");
        }

        Assert.True(compared > 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} texts differ:\n" + string.Join("\n", failures.Take(20)));
    }

    private static string Describe(IEnumerable<SecretMatch> matches) => string.Join(", ", matches.Select(m => $"{m.PatternName} {m.Start}+{m.Length}"));

    private static IEnumerable<string> Pieces(string text)
    {
        yield return text;
        if (text.Length > 8)
        {
            yield return text[..(text.Length / 2)];
            yield return text[(text.Length / 3)..];
        }
    }

    private static string Noise(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-=:./\n";
        var builder = new StringBuilder(length);
        for (var index = 0; index < length; index++) builder.Append(alphabet[random.Next(alphabet.Length)]);
        return builder.ToString();
    }

}
