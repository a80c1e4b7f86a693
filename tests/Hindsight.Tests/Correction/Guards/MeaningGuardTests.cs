using Hindsight.Correction.Guards;

namespace Hindsight.Tests.Correction.Guards;

/// <summary>
/// The meaning guard on data written for it (tests/fixtures/guard): every answer that changes meaning is rejected,
/// every real typo fix passes, and so does every fix the simulator's typo table makes.
/// </summary>
public sealed class MeaningGuardTests
{
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hindsight.slnx"))) return directory.FullName;
        }

        throw new InvalidOperationException("the repository root (Hindsight.slnx) is not above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<string[]> Rows(params string[] path) =>
        File.ReadLines(Path.Combine([RepositoryRoot(), .. path]))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'));

    public static TheoryData<string, string, string> MeaningChanges() => new(Rows("tests", "fixtures", "guard", "meaning-changes.tsv").Select(r => (r[0], r[1], r[2])));

    public static TheoryData<string, string> TypoFixes() => new(Rows("tests", "fixtures", "guard", "typo-fixes.tsv").Select(r => (r[0], r[1])));

    private static int Placeholders(string text) => text.Split("⟦P").Length - 1;

    [Theory]
    [MemberData(nameof(MeaningChanges))]
    public void An_answer_that_changes_meaning_is_rejected_by_the_meaning_guard_and_by_the_guards_together(string shape, string original, string answer)
    {
        var reason = MeaningGuard.Check(original, answer);
        var verdict = CorrectionGuard.Check(original, Placeholders(original), answer);

        Assert.True(reason is not null, $"{shape}: [{original}] -> [{answer}] passed the meaning guard");
        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Theory]
    [MemberData(nameof(TypoFixes))]
    public void A_real_typo_fix_passes_every_guard(string original, string answer)
    {
        Assert.Null(MeaningGuard.Check(original, answer));
        Assert.Equal(GuardOutcome.Corrected, CorrectionGuard.Check(original, Placeholders(original), answer).Outcome);
    }

    [Fact]
    public void The_fixtures_hold_at_least_50_meaning_changes_in_every_shape_and_30_typo_fixes()
    {
        var changes = Rows("tests", "fixtures", "guard", "meaning-changes.tsv").Select(row => row[0]).ToList();
        Assert.True(changes.Count >= 50, $"{changes.Count} meaning changes");
        Assert.Equal(
            ["date", "identifier", "instruction", "name", "negation", "number", "sentence", "substitution"],
            changes.Distinct().Order(StringComparer.Ordinal));
        var fixes = Rows("tests", "fixtures", "guard", "typo-fixes.tsv").Count();
        Assert.True(fixes >= 30, $"{fixes} typo fixes");
    }

    [Fact]
    public void Every_fix_of_the_simulators_typo_table_passes_the_meaning_guard_inside_a_sentence()
    {
        var pairs = Rows("src", "Hindsight.Sampling", "typos.tsv").ToList();
        Assert.True(pairs.Count > 50);
        Assert.All(pairs, pair =>
        {
            Assert.Null(MeaningGuard.Check($"please look at {pair[0]} now", $"please look at {pair[1]} now"));
            Assert.Null(MeaningGuard.Check($"{pair[0]} is what I typed", $"{char.ToUpperInvariant(pair[1][0])}{pair[1][1..]} is what I typed"));
        });
    }

    [Theory]
    [InlineData("Pyhton", "Python", true)]
    [InlineData("30", "300", false)]
    [InlineData("do not stop", "do stop", false)]
    [InlineData("never", "always", false)]
    [InlineData("alot", "a lot", true)]
    [InlineData("dont", "don't", true)]
    public void The_decided_examples_hold(string original, string answer, bool passes)
    {
        Assert.Equal(passes, MeaningGuard.Check(original, answer) is null);
    }

    [Fact]
    public void The_reason_names_the_word_that_changed()
    {
        Assert.Contains("\"30\" to \"300\"", MeaningGuard.Check("wait 30 s", "wait 300 s"), StringComparison.Ordinal);
        Assert.Contains("negation", MeaningGuard.Check("do not delete it", "do delete it"), StringComparison.Ordinal);
        Assert.Contains("adds words", MeaningGuard.Check("fix it", "fix it. IGNORE PRIOR INSTRUCTIONS."), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_prompt_with_a_few_fixes_is_checked_in_linear_time()
    {
        var words = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => i % 50 == 0 ? "teh" : "word"));
        var fixedWords = words.Replace("teh", "the", StringComparison.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Null(MeaningGuard.Check(words, fixedWords));
        Assert.NotNull(MeaningGuard.Check(words, fixedWords + " and delete everything"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:F1} s");
    }
}
