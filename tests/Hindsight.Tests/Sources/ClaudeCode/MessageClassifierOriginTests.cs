using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Sources.ClaudeCode;

/// <summary>
/// Who typed a user turn, on the shapes Claude Code writes (docs/transcript-format.md §2.11, §8, §9): what Claude Code says
/// about the turn (origin.kind, turnOrigin, promptSource, entrypoint) decides before any heuristic on the text.
/// </summary>
public sealed class MessageClassifierOriginTests
{
    private static RecordToClassify User(string text, string? origin = null, string? turnOrigin = null, string? promptSource = null,
        string? entrypoint = "cli", bool fileUsesOrigin = false) => new()
        {
            Type = "user",
            OriginKind = origin,
            TurnOrigin = turnOrigin,
            PromptSource = promptSource,
            Entrypoint = entrypoint,
            FileUsesOrigin = fileUsesOrigin,
            Blocks = [("text", text)],
        };

    private static RecordToClassify Queued(string type, string text, string? origin = null) => new()
    {
        Type = type,
        Subtype = type == "attachment" ? "queued_command" : "enqueue",
        OriginKind = origin,
        Blocks = [("text", text)],
    };

    [Theory]
    [InlineData("human", "origin_human")]
    [InlineData("person", "origin_person")]
    public void A_prompt_whose_origin_kind_is_a_person_is_a_human_prompt_with_high_confidence(string origin, string reason)
    {
        var result = MessageClassifier.Classify(User("refactor teh parser", origin: origin, promptSource: "typed"));

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, reason), (result.Kind, result.Confidence, result.Reason));
        Assert.Equal("refactor teh parser", result.Text);
    }

    [Theory]
    [InlineData("plugin")]
    [InlineData("peer")]
    [InlineData("remote")]
    [InlineData("channel")]
    [InlineData("voice-call")]
    [InlineData("suggestion")]
    [InlineData("composer")]
    [InlineData("coordinator")]
    [InlineData("observer-activity")]
    [InlineData("unclassified")]
    [InlineData("auto-continuation")]
    [InlineData("hook")]
    public void A_prompt_whose_origin_kind_is_not_a_person_is_a_machine_prompt_however_plain_its_text(string origin)
    {
        var result = MessageClassifier.Classify(User("Run the tests and fix any failures", origin: origin));

        Assert.Equal((MessageKind.MachinePrompt, "origin:" + origin), (result.Kind, result.Reason));
        Assert.Null(result.Confidence);
    }

    [Fact]
    public void An_origin_kind_of_task_notification_is_a_task_notification()
    {
        var result = MessageClassifier.Classify(User("Background command finished", origin: "task-notification"));

        Assert.Equal((MessageKind.TaskNotification, "origin:task-notification"), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData("scheduled", MessageKind.MachinePrompt)]
    [InlineData("sdk", MessageKind.MachinePrompt)]
    [InlineData("peer", MessageKind.MachinePrompt)]
    [InlineData("task_notification", MessageKind.TaskNotification)]
    public void A_turn_origin_other_than_human_decides_when_origin_is_absent(string turnOrigin, MessageKind kind)
    {
        var result = MessageClassifier.Classify(User("Nightly check: summarize open tickets", turnOrigin: turnOrigin));

        Assert.Equal((kind, "turn_origin:" + turnOrigin), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData("sdk")]
    [InlineData("system")]
    [InlineData("suggestion_accepted")]
    public void A_prompt_source_other_than_typed_or_queued_means_no_person_typed_it(string source)
    {
        var result = MessageClassifier.Classify(User("Run the tests and fix any failures", promptSource: source));

        Assert.Equal((MessageKind.MachinePrompt, "prompt_source:" + source), (result.Kind, result.Reason));
    }

    [Fact]
    public void A_typed_prompt_source_is_high_confidence_even_where_the_file_uses_origin_and_this_line_lacks_it()
    {
        var result = MessageClassifier.Classify(User("thanks, that looks right", promptSource: "typed", fileUsesOrigin: true));

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "prompt_source_typed"), (result.Kind, result.Confidence, result.Reason));
    }

    [Theory]
    [InlineData("sdk-cli")]
    [InlineData("sdk-py")]
    [InlineData("sdk-ts")]
    public void A_session_run_by_the_sdk_holds_a_programs_prompts_not_a_persons(string entrypoint)
    {
        var result = MessageClassifier.Classify(User("List the tickets closed this week as JSON.", origin: "human", entrypoint: entrypoint));

        Assert.Equal((MessageKind.MachinePrompt, "entrypoint:" + entrypoint), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData("<bash-notification>\n<shell-id>b7x2k9</shell-id>\n<status>completed</status>\n</bash-notification>", "bash-notification")]
    [InlineData("<agent-notification>\n<agent-id>a4d2c9e1f0b3a5c78</agent-id>\n<status>completed</status>\n</agent-notification>", "agent-notification")]
    [InlineData("<task-notification>\n<task-id>bc85463fc</task-id>\n</task-notification>", "task-notification")]
    [InlineData("<monitor-notification>\n<event>check failed</event>\n</monitor-notification>", "monitor-notification")]
    public void Every_notification_wrapper_is_injected_even_on_lines_without_origin(string text, string tag)
    {
        var result = MessageClassifier.Classify(User(text));

        Assert.Equal((MessageKind.TaskNotification, "notification_tag:" + tag), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData("queue-operation")]
    [InlineData("attachment")]
    public void A_slash_command_delivered_through_the_queue_stays_a_command(string type)
    {
        var result = MessageClassifier.Classify(Queued(type, "/mcp", origin: type == "attachment" ? "human" : null));

        Assert.Equal((MessageKind.SlashCommand, "/mcp", "", "queued_command"), (result.Kind, result.Command, result.Text, result.Reason));
    }

    [Fact]
    public void A_queued_command_keeps_its_arguments_as_the_typed_text()
    {
        var result = MessageClassifier.Classify(User("/compact keep the parser notes", origin: "human", promptSource: "queued"));

        Assert.Equal((MessageKind.SlashCommand, "/compact", "keep the parser notes", PromptConfidence.High), (result.Kind, result.Command, result.Text, result.Confidence));
    }

    [Theory]
    [InlineData("/usr/local/bin is missing from PATH")]
    [InlineData("/tmp/x.log keeps growing, why?")]
    public void Queued_text_that_starts_with_a_path_is_steering_not_a_command(string text)
    {
        var result = MessageClassifier.Classify(Queued("queue-operation", text));

        Assert.Equal(MessageKind.Steering, result.Kind);
    }

    [Fact]
    public void A_queued_notification_is_a_task_notification_not_steering()
    {
        var result = MessageClassifier.Classify(Queued("queue-operation", "<bash-notification>\n<status>completed</status>\n</bash-notification>"));

        Assert.Equal(MessageKind.TaskNotification, result.Kind);
    }

    [Fact]
    public void A_queued_command_attachment_from_a_plugin_is_a_machine_prompt()
    {
        var result = MessageClassifier.Classify(Queued("attachment", "Run the lint checks", origin: "plugin"));

        Assert.Equal((MessageKind.MachinePrompt, "origin:plugin"), (result.Kind, result.Reason));
    }

    [Fact]
    public void A_slash_command_a_plugin_sent_stays_a_command_with_low_confidence()
    {
        var result = MessageClassifier.Classify(User(
            "<command-name>/lint-report</command-name>\n<command-message>lint-report</command-message>\n<command-args>tickets/parse.py</command-args>", origin: "plugin"));

        Assert.Equal((MessageKind.SlashCommand, "/lint-report", "tickets/parse.py", PromptConfidence.Low, "origin:plugin"),
            (result.Kind, result.Command, result.Text, result.Confidence, result.Reason));
    }

    [Fact]
    public void Lines_without_origin_fields_keep_the_text_heuristics()
    {
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "plain_text"), Short(MessageClassifier.Classify(User("fix the flaky test"))));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.Medium, "unknown_leading_tag"), Short(MessageClassifier.Classify(User("<channel source=\"phone\">ship it</channel>"))));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.Medium, "origin_missing"), Short(MessageClassifier.Classify(User("now update the README", fileUsesOrigin: true))));
    }

    private static (MessageKind, PromptConfidence?, string?) Short(Classification c) => (c.Kind, c.Confidence, c.Reason);
}
