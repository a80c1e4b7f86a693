using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>Discovery's decision as a pure function of each file's readable and unreadable lines.</summary>
public sealed class GoNoGoThresholdTests
{
    private static readonly Dictionary<string, long> BothTypes = new() { ["user"] = 1, ["assistant"] = 1 };

    private static FileReadability File(string name, long records, long unreadable, string? reason = "invalid_json") =>
        new($"/p/{name}.jsonl", records, unreadable, null, unreadable > 0 ? reason : null);

    [Fact]
    public void No_files_is_NO_GO_by_the_no_files_rule()
    {
        var decision = GoNoGoDecision.Decide([], BothTypes);

        Assert.Equal((GoNoGoVerdict.NoGo, "no_files"), (decision.Verdict, decision.Rule));
        Assert.True(decision.Halts);
    }

    [Fact]
    public void Files_without_a_single_record_are_NO_GO_by_the_no_records_rule_and_each_is_named()
    {
        var decision = GoNoGoDecision.Decide([File("a", 0, 3), File("b", 0, 1, "missing_type")], BothTypes);

        Assert.Equal((GoNoGoVerdict.NoGo, "no_records"), (decision.Verdict, decision.Rule));
        Assert.Contains(decision.Offenders, o => o.StartsWith("/p/a.jsonl: 3 of 3 lines unreadable, mostly invalid_json", StringComparison.Ordinal));
        Assert.Contains(decision.Offenders, o => o.StartsWith("/p/b.jsonl: 1 of 1 lines unreadable, mostly missing_type", StringComparison.Ordinal));
        Assert.Contains(decision.Recommendations, r => r.Contains("--force", StringComparison.Ordinal));
    }

    [Fact]
    public void One_foreign_header_line_in_every_file_of_a_long_corpus_is_GO()
    {
        // The real case: 658 files, each starting with an archiver's header line, 98.4% of lines good.
        var files = Enumerable.Range(0, 658).Select(i => File($"s{i}", 62, 1, "missing_type")).ToList();

        var decision = GoNoGoDecision.Decide(files, BothTypes);

        Assert.Equal((GoNoGoVerdict.Go, "readable"), (decision.Verdict, decision.Rule));
        Assert.Equal(658, decision.UnreadableLines);
    }

    [Fact]
    public void One_foreign_header_line_in_every_file_of_short_files_is_CAUTION_never_NO_GO()
    {
        var files = Enumerable.Range(0, 20).Select(i => File($"s{i}", 4, 1, "missing_type")).ToList();

        var decision = GoNoGoDecision.Decide(files, BothTypes);

        Assert.Equal((GoNoGoVerdict.Caution, "some_lines_unreadable"), (decision.Verdict, decision.Rule));
        Assert.Equal(0.2, decision.UnreadableShare, 6);
    }

    [Theory]
    [InlineData(100, 5, "GO", "readable")]                     // exactly 5% of 105 lines is under the threshold
    [InlineData(95, 5, "GO", "readable")]                      // 5.0% exactly: not more than 5%
    [InlineData(94, 6, "CAUTION", "some_lines_unreadable")]    // 6%
    [InlineData(50, 50, "CAUTION", "some_lines_unreadable")]   // 50% exactly: not more than half
    [InlineData(49, 51, "NO-GO", "most_lines_unreadable")]     // 51%
    public void The_share_of_unreadable_lines_decides_at_5_and_50_percent(long records, long unreadable, string verdict, string rule)
    {
        var decision = GoNoGoDecision.Decide([File("only", records, unreadable)], BothTypes);

        Assert.Equal((verdict, rule), (decision.Verdict.ToName(), decision.Rule));
    }

    [Fact]
    public void Most_lines_unreadable_is_NO_GO_even_when_every_file_has_some_records()
    {
        var decision = GoNoGoDecision.Decide([File("a", 1, 9), File("b", 1, 9)], BothTypes);

        Assert.Equal((GoNoGoVerdict.NoGo, "most_lines_unreadable"), (decision.Verdict, decision.Rule));
        Assert.StartsWith("NO-GO: 90.0% of lines are unreadable", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_yields_no_record_among_good_ones_is_CAUTION()
    {
        var files = new List<FileReadability> { File("good", 1000, 0), File("garbage", 0, 2) };

        var decision = GoNoGoDecision.Decide(files, BothTypes);

        Assert.Equal((GoNoGoVerdict.Caution, "files_without_records"), (decision.Verdict, decision.Rule));
        Assert.Equal(1, decision.FilesWithoutRecord);
        Assert.Contains(decision.Recommendations, r => r.Contains("/p/garbage.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_could_not_be_read_yields_no_record_and_is_named_with_its_error()
    {
        var files = new List<FileReadability> { File("good", 10, 0), new("/p/locked.jsonl", 0, 0, "Access to the path is denied.") };

        var decision = GoNoGoDecision.Decide(files, BothTypes);

        Assert.Equal(GoNoGoVerdict.Caution, decision.Verdict);
        Assert.Contains("/p/locked.jsonl: could not be read (Access to the path is denied.)", decision.Offenders);
    }

    [Fact]
    public void An_empty_file_is_not_a_file_without_records()
    {
        var decision = GoNoGoDecision.Decide([File("good", 10, 0), File("empty", 0, 0)], BothTypes);

        Assert.Equal(GoNoGoVerdict.Go, decision.Verdict);
    }

    [Fact]
    public void The_offenders_named_are_at_most_ten_and_the_rest_are_counted()
    {
        var files = Enumerable.Range(0, 25).Select(i => File($"bad{i:D2}", 1, 9)).ToList();

        var decision = GoNoGoDecision.Decide(files, BothTypes);

        Assert.Equal(GoNoGoDecision.OffendersNamed, decision.Offenders.Count);
        Assert.Contains("  and 15 more (see the manifest)", decision.Recommendations);
    }

    [Fact]
    public void The_basis_carries_the_figures_and_thresholds_the_rule_was_applied_to()
    {
        var basis = GoNoGoDecision.Decide([File("a", 90, 10)], BothTypes).Basis();

        Assert.Equal(90, basis["records"]!.GetValue<long>());
        Assert.Equal(10, basis["unreadable_lines"]!.GetValue<long>());
        Assert.Equal(0.1, basis["unreadable_share"]!.GetValue<double>(), 6);
        Assert.Equal(0.5, basis["thresholds"]!["no_go_unreadable_share"]!.GetValue<double>());
        Assert.Single(basis["offending_files"]!.AsArray());
    }
}
