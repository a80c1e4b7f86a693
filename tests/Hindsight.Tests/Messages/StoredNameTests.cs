using Hindsight.Correction;
using Hindsight.Messages;
using Hindsight.Runs;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Messages;

/// <summary>
/// Every closed type stored in the warehouse, its metrics or its manifest maps each member to a distinct name and back,
/// and the names are exactly the ones stored today, listed literally here: a renamed member must not change what a
/// warehouse holds.
/// </summary>
public sealed class StoredNameTests
{
    [Fact]
    public void Message_kinds_are_stored_under_their_snake_case_names()
    {
        AssertStoredAs(MessageKindNames.ToName, MessageKindNames.Parse,
            "human_prompt", "slash_command", "shell_input", "tool_result", "meta", "compaction_summary", "interruption", "steering",
            "task_notification", "machine_prompt", "human_tool_feedback", "human_answer", "assistant_text", "thinking", "tool_call",
            "synthetic", "system", "progress", "attachment", "metadata");
    }

    [Fact]
    public void The_human_typed_kinds_make_the_sql_list_stage_4_reads()
    {
        Assert.Equal("'human_prompt', 'slash_command', 'steering', 'human_tool_feedback', 'human_answer'", MessageKindNames.HumanTypedSqlList);
    }

    [Theory]
    [InlineData("a'b")]
    [InlineData("x) OR (1=1")]
    [InlineData("")]
    public void A_sql_name_list_refuses_anything_but_a_plain_stored_name(string name)
    {
        Assert.Throws<ArgumentException>(() => SqlNameList.Of(["human_prompt", name]));
    }

    [Fact]
    public void Confidences_are_stored_as_low_medium_and_high_and_rank_in_that_order()
    {
        AssertStoredAs(PromptConfidenceNames.ToName, PromptConfidenceNames.Parse, "low", "medium", "high");
        Assert.Equal([1, 2, 3], Enum.GetValues<PromptConfidence>().Select(c => c.Rank()));
        Assert.Equal("CASE m.confidence WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END", PromptConfidenceNames.SqlRank("m.confidence"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("High")]
    [InlineData("very")]
    [InlineData(null)]
    public void A_confidence_that_is_not_one_of_the_three_names_does_not_parse(string? name)
    {
        Assert.False(PromptConfidenceNames.TryParse(name, out _));
    }

    [Fact]
    public void Dead_letter_reasons_are_stored_under_their_snake_case_names()
    {
        AssertStoredAs(DeadLetterReasonNames.ToName, DeadLetterReasonNames.Parse,
            "invalid_json", "not_an_object", "missing_type", "invalid_utf8", "line_too_long");
    }

    [Fact]
    public void Drift_kinds_are_stored_under_their_snake_case_names_in_the_keys_of_a_profile()
    {
        AssertStoredAs(DriftKindNames.ToName, name => DriftKindNames.TryParse(name, out var kind) ? kind : throw new FormatException(name),
            "record_type", "subtype", "top_level_field");
        Assert.Equal("subtype:system/new_thing", DriftKindNames.Key(DriftKind.Subtype, "system/new_thing"));
        Assert.Equal((DriftKind.TopLevelField, "a:b"), DriftKindNames.Split("top_level_field:a:b"));
        Assert.Equal((DriftKind.TopLevelField, "legacyField"), DriftKindNames.Split("legacyField"));
    }

    [Fact]
    public void Verdicts_are_stored_as_GO_CAUTION_and_NO_GO()
    {
        AssertStoredAs(GoNoGoVerdictNames.ToName, GoNoGoVerdictNames.Parse, "GO", "CAUTION", "NO-GO");
    }

    [Fact]
    public void Stage_statuses_are_stored_under_their_lower_case_names()
    {
        AssertStoredAs(StageStatusNames.ToName, StageStatusNames.Parse, "running", "succeeded", "failed", "skipped", "cancelled", "halted");
    }

    [Fact]
    public void Correction_statuses_are_stored_under_their_lower_case_names()
    {
        AssertStoredAs(CorrectionStatusNames.ToName, CorrectionStatusNames.Parse, "corrected", "unchanged", "rejected", "failed", "skipped");
    }

    [Fact]
    public void File_kinds_are_stored_under_their_snake_case_names()
    {
        AssertStoredAs(TranscriptFileKindNames.ToName, TranscriptFileKindNames.Parse,
            "main_session", "flat_agent", "nested_agent", "meta_sidecar", "workflow_journal", "other");
    }

    /// <summary>The members, in declaration order, are stored as <paramref name="expected"/>, each under a name of its own, and each name parses back to its member.</summary>
    private static void AssertStoredAs<TEnum>(Func<TEnum, string> toName, Func<string, TEnum> parse, params string[] expected)
        where TEnum : struct, Enum
    {
        var members = Enum.GetValues<TEnum>();
        Assert.Equal(expected, members.Select(toName));
        Assert.Equal(members.Length, members.Select(toName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(members, expected.Select(parse));
        Assert.Throws<FormatException>(() => parse("not_a_stored_name"));
    }
}
