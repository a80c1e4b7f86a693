using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Sources.ClaudeCode;

/// <summary>
/// What a person typed inside tool results, on the shapes Claude Code writes: the feedback given when rejecting a tool
/// use (2.0.x and 2.1.x wording), and answers to AskUserQuestion, told apart from a chosen option.
/// </summary>
public sealed class ToolResultTypedTextTests
{
    private const string Rejected =
        "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). ";

    private static RecordToClassify ToolResults(string? toolUseResult, params string[] texts) => new()
    {
        Type = "user",
        ToolUseResult = toolUseResult,
        Blocks = texts.Select(t => ("tool_result", (string?)t)).ToList(),
    };

    [Fact]
    public void Feedback_typed_when_rejecting_a_tool_use_in_2_1_is_human_tool_feedback()
    {
        var found = ToolResultTypedText.Extract(ToolResults(null, Rejected + "To tell you how to proceed, the user said:\nkeep the old fucntion name"));

        var typed = Assert.Single(found);
        Assert.Equal((0, MessageKind.HumanToolFeedback, "keep the old fucntion name", PromptConfidence.High, "rejection_feedback"),
            (typed.BlockIndex, typed.Classification.Kind, typed.Classification.Text, typed.Classification.Confidence, typed.Classification.Reason));
    }

    [Fact]
    public void The_2_0_rejection_reason_is_human_tool_feedback_without_its_leading_spaces()
    {
        var found = ToolResultTypedText.Extract(ToolResults(null, Rejected + "The user provided the following reason for the rejection:  use pnpm"));

        Assert.Equal("use pnpm", Assert.Single(found).Classification.Text);
    }

    [Fact]
    public void A_rejection_without_feedback_holds_nothing_typed()
    {
        var found = ToolResultTypedText.Extract(ToolResults(null,
            Rejected + "STOP what you are doing and wait for the user to tell you how to proceed."));

        Assert.Empty(found);
    }

    [Fact]
    public void Only_the_tool_result_block_that_quotes_the_person_gets_a_row_keyed_by_its_index()
    {
        var found = ToolResultTypedText.Extract(ToolResults(null, "The file has been updated.", Rejected + "To tell you how to proceed, the user said:\nnot this file"));

        Assert.Equal(1, Assert.Single(found).BlockIndex);
    }

    [Fact]
    public void A_typed_answer_to_AskUserQuestion_is_a_human_answer_and_a_chosen_option_is_left_out_of_it()
    {
        const string Result = """
            {"questions":[{"question":"Which parser?","options":[{"label":"The legacy parser"},{"label":"The new parser"}]},
                          {"question":"How should it be shown?","options":[{"label":"As (untitled)"}]}],
             "answers":{"Which parser?":"The new parser","How should it be shown?":"show teh first line"}}
            """;
        var found = ToolResultTypedText.Extract(ToolResults(Result,
            "User has answered your questions: \"Which parser?\"=\"The new parser\", \"How should it be shown?\"=\"show teh first line\". You can now continue with the user's answers in mind."));

        var typed = Assert.Single(found).Classification;
        Assert.Equal((MessageKind.HumanAnswer, "show teh first line", PromptConfidence.High, "typed_answer"), (typed.Kind, typed.Text, typed.Confidence, typed.Reason));
    }

    [Fact]
    public void Answers_that_are_all_chosen_options_are_kept_with_low_confidence_so_they_are_not_corrected_by_default()
    {
        const string Result = """{"questions":[{"question":"Error format?","options":[{"label":"Option C: Extra field"}]}],"answers":{"Error format?":"Option C: Extra field"}}""";
        var found = ToolResultTypedText.Extract(ToolResults(Result,
            "User has answered your questions: \"Error format?\"=\"Option C: Extra field\". You can now continue with the user's answers in mind."));

        var typed = Assert.Single(found).Classification;
        Assert.Equal(("Option C: Extra field", PromptConfidence.Low, "chosen_option"), (typed.Text, typed.Confidence, typed.Reason));
    }

    [Fact]
    public void Without_the_tool_use_result_answers_are_read_from_the_text_with_medium_confidence()
    {
        var found = ToolResultTypedText.Extract(ToolResults(null,
            "User has answered your questions: \"Q1?\"=\"yes, both\", \"Q2?\"=\"use the \"fast\" path\". You can now continue with the user's answers in mind."));

        var typed = Assert.Single(found).Classification;
        Assert.Equal(("yes, both\nuse the \"fast\" path", PromptConfidence.Medium, "answer_without_options"), (typed.Text, typed.Confidence, typed.Reason));
    }

    [Fact]
    public void An_ordinary_tool_result_or_a_tool_error_holds_nothing_typed()
    {
        Assert.Empty(ToolResultTypedText.Extract(ToolResults(null, "<tool_use_error>Error: No such tool available: AskUserQuestion</tool_use_error>")));
        Assert.Empty(ToolResultTypedText.Extract(ToolResults(null, "The user said hello in the log file")));
    }
}
