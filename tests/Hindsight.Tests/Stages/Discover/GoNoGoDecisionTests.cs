using Hindsight.Sources;
using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>
/// The parts of discovery's decision that GoNoGoThresholdTests leaves out: which rule wins when several hold, which
/// verdicts halt, the order offenders are named in, and the record-type warnings. The thresholds and their boundaries
/// (5% and 50% exactly) are in GoNoGoThresholdTests.
/// </summary>
public sealed class GoNoGoDecisionTests
{
    private static readonly Dictionary<string, long> BothTypes = new() { ["user"] = 1, ["assistant"] = 1 };

    private static FileReadability File(string name, long records, long unreadable) =>
        new($"/p/{name}.jsonl", records, unreadable, null, unreadable > 0 ? "invalid_json" : null);

    [Theory]
    [InlineData(GoNoGoVerdict.Go, false)]
    [InlineData(GoNoGoVerdict.Caution, false)]
    [InlineData(GoNoGoVerdict.NoGo, true)]
    public void Only_NO_GO_halts_the_run(GoNoGoVerdict verdict, bool halts)
    {
        Assert.Equal(halts, new GoNoGoDecision(verdict, "rule", "text", []).Halts);
    }

    [Fact]
    public void Files_that_are_all_empty_are_NO_GO_by_the_no_records_rule()
    {
        var decision = GoNoGoDecision.Decide([File("a", 0, 0), File("b", 0, 0)], BothTypes);

        Assert.Equal((GoNoGoVerdict.NoGo, "no_records", 0.0), (decision.Verdict, decision.Rule, decision.UnreadableShare));
        Assert.Contains("CRITICAL: No messages found in the transcript files.", decision.Recommendations);
    }

    [Fact]
    public void Unreadable_lines_over_5_percent_are_the_rule_named_even_when_a_file_also_yields_no_record()
    {
        var decision = GoNoGoDecision.Decide([File("good", 90, 0), File("garbage", 0, 10)], BothTypes);

        Assert.Equal((GoNoGoVerdict.Caution, "some_lines_unreadable"), (decision.Verdict, decision.Rule));
        Assert.Contains("WARNING: 1 files yield no record at all.", decision.Recommendations);
    }

    [Fact]
    public void A_file_without_records_under_the_5_percent_line_threshold_is_CAUTION_by_its_own_rule()
    {
        var decision = GoNoGoDecision.Decide([File("good", 1000, 0), File("garbage", 0, 50)], BothTypes);

        Assert.Equal((GoNoGoVerdict.Caution, "files_without_records"), (decision.Verdict, decision.Rule));
    }

    [Fact]
    public void Offenders_are_named_files_without_records_first_then_by_most_unreadable_lines_then_by_path()
    {
        var decision = GoNoGoDecision.Decide(
            [File("b-few", 500, 1), File("a-few", 500, 1), File("many", 500, 40), File("none", 0, 2)], BothTypes);

        Assert.Equal(["/p/none.jsonl", "/p/many.jsonl", "/p/a-few.jsonl", "/p/b-few.jsonl"], decision.Offenders.Select(o => o[..o.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_GO_names_no_offender_in_its_recommendations_but_keeps_them_for_the_manifest()
    {
        var decision = GoNoGoDecision.Decide([File("good", 1000, 0), File("one-bad-line", 99, 1)], BothTypes);

        Assert.Equal(GoNoGoVerdict.Go, decision.Verdict);
        Assert.Single(decision.Offenders);
        Assert.DoesNotContain(decision.Recommendations, r => r.Contains("one-bad-line", StringComparison.Ordinal));
        Assert.Equal(["OK: Data appears well-formed and ready for processing."], decision.Recommendations);
    }

    [Theory]
    [InlineData("user", "WARNING: No 'assistant' message type found. Check export format.")]
    [InlineData("assistant", "WARNING: No 'user' message type found. Check export format.")]
    public void A_corpus_without_user_or_assistant_records_is_warned_about_but_stays_GO(string onlyType, string warning)
    {
        var decision = GoNoGoDecision.Decide([File("a", 10, 0)], new Dictionary<string, long> { [onlyType] = 10 });

        Assert.Equal(GoNoGoVerdict.Go, decision.Verdict);
        Assert.Equal([warning], decision.Recommendations);
    }

    [Theory]
    [InlineData(Agent.Codex)]
    [InlineData(Agent.GeminiCli)]
    public void A_corpus_of_another_agent_alone_is_not_warned_about_lacking_claude_codes_record_types(Agent agent)
    {
        var types = new Dictionary<string, long> { ["response_item"] = 8, ["gemini"] = 2 };

        var alone = GoNoGoDecision.Decide([new FileReadability("a", 10, 0, Agent: agent)], types);
        var beside = GoNoGoDecision.Decide([new FileReadability("a", 10, 0, Agent: agent), new FileReadability("b", 5, 0, Agent: Agent.ClaudeCode)], types);

        Assert.Equal(["OK: Data appears well-formed and ready for processing."], alone.Recommendations);
        Assert.Contains("WARNING: No 'assistant' message type found. Check export format.", beside.Recommendations);
    }

    [Fact]
    public void The_share_counts_lines_over_all_files_not_files()
    {
        // A file mostly unreadable among good ones: 2 of 1,003 lines, under 5%.
        var decision = GoNoGoDecision.Decide([File("good", 1000, 0), File("bad", 1, 2)], BothTypes);

        Assert.Equal((2.0 / 1003, GoNoGoVerdict.Go), (decision.UnreadableShare, decision.Verdict));
        Assert.Equal((1003L - 2, 2L, 1L), (decision.Records, decision.UnreadableLines, decision.FilesWithUnreadableLines));
    }
}
