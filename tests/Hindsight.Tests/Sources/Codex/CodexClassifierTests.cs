using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Sources.Codex;

namespace Hindsight.Tests.Sources.Codex;

public sealed class CodexClassifierTests
{
    private static RecordToClassify UserMessage(params string[] texts) => new()
    {
        Type = CodexLineTypes.ResponseItem,
        Subtype = "message",
        Role = "user",
        Blocks = texts.Select(t => ("text", (string?)t)).ToList(),
    };

    [Fact]
    public void A_typed_user_message_is_a_human_prompt_of_high_confidence()
    {
        var result = CodexClassifier.Classify(UserMessage("fix the failing chekout test please"));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "fix the failing chekout test please"), (result.Kind, result.Confidence!.Value, result.Text));
    }

    [Theory]
    [InlineData("<environment_context>\n  <cwd>/home/ana</cwd>\n</environment_context>")]
    [InlineData("# AGENTS.md instructions for /home/ana\n\n<INSTRUCTIONS>\nRun the tests.\n</INSTRUCTIONS>")]
    [InlineData("  <user_instructions>\nAnswer briefly.\n</user_instructions>")]
    public void Injected_context_alone_is_meta_not_a_prompt(string text)
    {
        var result = CodexClassifier.Classify(UserMessage(text));
        Assert.Equal((MessageKind.Meta, "injected_only"), (result.Kind, result.Reason));
    }

    [Fact]
    public void A_message_mixing_injected_and_typed_blocks_keeps_only_the_typed_text_at_medium_confidence()
    {
        var result = CodexClassifier.Classify(UserMessage("<environment_context>x</environment_context>", "rename the helper"));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.Medium, "rename the helper"), (result.Kind, result.Confidence!.Value, result.Text));
    }

    [Fact]
    public void The_event_echo_of_a_prompt_is_meta_so_the_prompt_counts_once()
    {
        var echo = new RecordToClassify { Type = CodexLineTypes.EventMsg, Subtype = "user_message", Role = "user", Blocks = [("text", "fix it")] };
        Assert.Equal(MessageKind.Meta, CodexClassifier.Classify(echo).Kind);
    }

    [Theory]
    [InlineData("function_call", MessageKind.ToolCall)]
    [InlineData("custom_tool_call", MessageKind.ToolCall)]
    [InlineData("web_search_call", MessageKind.ToolCall)]
    [InlineData("function_call_output", MessageKind.ToolResult)]
    [InlineData("reasoning", MessageKind.Thinking)]
    public void Response_items_other_than_messages_get_their_kind(string subtype, MessageKind kind) =>
        Assert.Equal(kind, CodexClassifier.Classify(new RecordToClassify { Type = CodexLineTypes.ResponseItem, Subtype = subtype }).Kind);
}
