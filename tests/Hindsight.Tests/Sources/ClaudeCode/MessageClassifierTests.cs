using System.Text.Json.Nodes;
using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Sources.ClaudeCode;

/// <summary>
/// The classifier on its own, without a warehouse: first on every hand-labelled case of tests/fixtures/expected.json
/// (each fixture line read by the product's own reader and parser, then classified), then one case per branch.
/// The origin/turn/prompt-source precedence has its own cases in MessageClassifierOriginTests.
/// </summary>
public sealed class MessageClassifierTests
{
    private sealed record LabelledCase(string File, long Line, JsonObject Label, RecordToClassify Record);

    /// <summary>
    /// Every labelled line, parsed from the fixture's bytes, with the parts the classifier looks at; a file "uses
    /// origin" when any of its records says a person typed it (what stage 2 computes per file).
    /// </summary>
    private static async Task<List<LabelledCase>> ReadFixtureCasesAsync()
    {
        var cases = new List<LabelledCase>();
        foreach (var file in FixtureExpectations.Root["classification"]!.AsArray().Select(f => f!.AsObject()))
        {
            var relative = file["file"]!.GetValue<string>();
            var records = await ParseFileAsync(Path.Combine(RepositoryPaths.FixtureProjects, relative));
            bool usesOrigin = records.Values.Any(r => r.OriginKind is "human" or "person");
            foreach (var label in file["cases"]!.AsArray().Select(c => c!.AsObject()))
            {
                var line = label["line"]!.GetValue<long>();
                var record = records.TryGetValue(line, out var found) ? found
                    : throw new InvalidOperationException($"{relative}:{line} is labelled but is not a record");
                cases.Add(new LabelledCase(relative, line, label, ToClassify(record, usesOrigin)));
            }
        }
        return cases;
    }

    private static async Task<Dictionary<long, TranscriptRecord>> ParseFileAsync(string path)
    {
        var records = new Dictionary<long, TranscriptRecord>();
        await using var stream = File.OpenRead(path);
        await new JsonlLineReader().ReadAsync(stream, 0, 1, line =>
        {
            if (TranscriptLineParser.Parse("fixture", line).Record is { } record) records[record.LineNumber] = record;
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);
        return records;
    }

    /// <summary>The record as stage 1 gives it to the classifier, with whether its file uses origin (which stage 2 applies file-wide).</summary>
    private static RecordToClassify ToClassify(TranscriptRecord record, bool fileUsesOrigin) =>
        RecordToClassify.Of(record) with { FileUsesOrigin = fileUsesOrigin };

    private static List<string> Mismatches(IEnumerable<LabelledCase> cases, Func<LabelledCase, Classification, string?> check) =>
        cases.Select(c => check(c, MessageClassifier.Classify(c.Record)) is { } wrong ? $"{c.File}:{c.Line} {wrong}" : null)
            .OfType<string>().ToList();

    [Fact]
    public async Task Every_labelled_fixture_line_gets_its_labelled_kind()
    {
        var cases = await ReadFixtureCasesAsync();
        var wrong = Mismatches(cases, (c, result) =>
            result.Kind.ToName() == c.Label["kind"]!.GetValue<string>() ? null : $"expected {c.Label["kind"]} got {result.Kind.ToName()} ({result.Reason})");

        Assert.True(cases.Count > 200, $"only {cases.Count} labelled cases were read");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_labelled_human_prompt_gets_its_labelled_confidence_and_reason()
    {
        var cases = await ReadFixtureCasesAsync();
        var labelled = cases.Where(c => c.Label["confidence"] is not null).ToList();
        var wrong = Mismatches(cases, (c, result) => c.Label["confidence"] is not { } confidence ? null
            : (result.Confidence?.ToName(), result.Reason) == (confidence.GetValue<string>(), c.Label["confidence_reason"]!.GetValue<string>()) ? null
            : $"expected {confidence}/{c.Label["confidence_reason"]} got {result.Confidence?.ToName()}/{result.Reason}");

        Assert.Contains(labelled, c => c.Label["confidence"]!.GetValue<string>() == "medium");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_labelled_reason_of_a_line_no_person_typed_is_the_one_given()
    {
        var cases = await ReadFixtureCasesAsync();
        Assert.Contains(cases, c => c.Label["reason"] is not null);
        var wrong = Mismatches(cases, (c, result) => c.Label["reason"] is not { } reason || result.Reason == reason.GetValue<string>() ? null
            : $"expected reason {reason} got {result.Reason}");

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_labelled_typed_text_and_command_is_what_the_classifier_keeps()
    {
        var cases = await ReadFixtureCasesAsync();
        // expected.json holds the text as typed; the classifier's normalisation trims trailing whitespace
        // (clean_text cases hold the exact result).
        var wrong = Mismatches(cases, (c, result) =>
        {
            if (c.Label["command"] is { } command && result.Command != command.GetValue<string>()) return $"expected command {command} got {result.Command}";
            if (c.Label["clean_text"] is { } clean) return result.Text == clean.GetValue<string>() ? null : $"expected clean text [{clean}] got [{result.Text}]";
            if (c.Label["text"] is { } text && MessageKindNames.Parse(c.Label["kind"]!.GetValue<string>()) is MessageKind.HumanPrompt or MessageKind.SlashCommand or MessageKind.Steering or MessageKind.ShellInput
                && result.Text != text.GetValue<string>().TrimEnd())
                return $"expected text [{text}] got [{result.Text}]";
            return null;
        });

        Assert.Contains(cases, c => c.Label["clean_text"] is not null);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static RecordToClassify Assistant(params (string Type, string? Text)[] blocks) =>
        new() { Type = "assistant", Model = "claude-sonnet-4-5-20250929", Blocks = blocks };

    private static RecordToClassify User(params (string Type, string? Text)[] blocks) => new() { Type = "user", Entrypoint = "cli", Blocks = blocks };

    private static RecordToClassify User(string text) => User(("text", text));

    private static (MessageKind Kind, PromptConfidence? Confidence, string? Reason) Short(Classification c) => (c.Kind, c.Confidence, c.Reason);

    [Theory]
    [InlineData("text", MessageKind.AssistantText)]
    [InlineData("tool_use", MessageKind.ToolCall)]
    [InlineData("server_tool_use", MessageKind.ToolCall)]
    [InlineData("web_search_tool_result", MessageKind.ToolResult)]
    [InlineData("thinking", MessageKind.Thinking)]
    [InlineData("redacted_thinking", MessageKind.Thinking)]
    public void An_assistant_line_is_classified_by_its_blocks(string blockType, MessageKind kind)
    {
        Assert.Equal(kind, MessageClassifier.Classify(Assistant((blockType, "x"))).Kind);
    }

    [Fact]
    public void A_tool_use_beside_text_and_thinking_makes_the_assistant_line_a_tool_call()
    {
        Assert.Equal(MessageKind.ToolCall, MessageClassifier.Classify(Assistant(("thinking", "plan"), ("text", "I'll look"), ("tool_use", null))).Kind);
    }

    [Fact]
    public void Thinking_beside_text_is_assistant_text_and_only_all_thinking_blocks_are_thinking()
    {
        var mixed = MessageClassifier.Classify(Assistant(("thinking", "plan"), ("text", "Done.")));
        var thinking = MessageClassifier.Classify(Assistant(("thinking", "first"), ("redacted_thinking", null), ("thinking", "second")));

        Assert.Equal((MessageKind.AssistantText, "Done."), (mixed.Kind, mixed.Text));
        Assert.Equal(MessageKind.Thinking, thinking.Kind);
        Assert.Contains("second", thinking.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_synthetic_model_or_an_api_error_line_is_synthetic_whatever_its_blocks()
    {
        Assert.Equal(MessageKind.Synthetic, MessageClassifier.Classify(Assistant(("text", "API Error: 500")) with { Model = "<synthetic>" }).Kind);
        Assert.Equal(MessageKind.Synthetic, MessageClassifier.Classify(Assistant(("tool_use", null)) with { IsApiErrorMessage = true }).Kind);
    }

    [Fact]
    public void An_assistant_line_without_blocks_is_assistant_text_with_empty_text()
    {
        var result = MessageClassifier.Classify(Assistant());

        Assert.Equal((MessageKind.AssistantText, ""), (result.Kind, result.Text));
    }

    [Theory]
    [InlineData("system", MessageKind.System)]
    [InlineData("progress", MessageKind.Progress)]
    [InlineData("summary", MessageKind.Metadata)]
    [InlineData("session-bookmark", MessageKind.Metadata)]
    public void A_record_that_is_neither_user_nor_assistant_is_classified_by_its_type(string type, MessageKind kind)
    {
        Assert.Equal(kind, MessageClassifier.Classify(new RecordToClassify { Type = type, Blocks = [("text", "anything")] }).Kind);
    }

    [Fact]
    public void An_attachment_other_than_a_queued_command_is_an_attachment_even_with_text()
    {
        var result = MessageClassifier.Classify(new RecordToClassify { Type = "attachment", Subtype = "hook_success", Blocks = [("text", "fix it")] });

        Assert.Equal(MessageKind.Attachment, result.Kind);
    }

    [Fact]
    public void A_queue_operation_without_text_is_metadata_and_with_text_is_steering()
    {
        var empty = MessageClassifier.Classify(new RecordToClassify { Type = "queue-operation", Subtype = "dequeue" });
        var steering = MessageClassifier.Classify(new RecordToClassify { Type = "queue-operation", Subtype = "enqueue", Blocks = [("text", "also check teh footer")] });

        Assert.Equal(MessageKind.Metadata, empty.Kind);
        Assert.Equal((MessageKind.Steering, PromptConfidence.High, "queued_input"), Short(steering));
        Assert.Equal("also check teh footer", steering.Text);
    }

    [Fact]
    public void A_user_line_with_a_tool_result_block_is_a_tool_result_even_with_a_persons_text_beside_it()
    {
        Assert.Equal(MessageKind.ToolResult, MessageClassifier.Classify(User(("tool_result", "ok"), ("text", "now run the tests"))).Kind);
    }

    [Fact]
    public void A_compact_summary_is_a_compaction_summary_by_its_flag_or_by_its_opening_words()
    {
        var flagged = MessageClassifier.Classify(User("Summary of the work so far") with { IsCompactSummary = true });
        var textOnly = MessageClassifier.Classify(User("This session is being continued from a previous conversation that ran out of context."));
        var nearMiss = MessageClassifier.Classify(User("Note: This session is being continued from a previous conversation"));

        Assert.Equal(MessageKind.CompactionSummary, flagged.Kind);
        Assert.Equal(MessageKind.CompactionSummary, textOnly.Kind);
        Assert.Equal(MessageKind.HumanPrompt, nearMiss.Kind);
    }

    [Fact]
    public void A_sidechain_user_line_is_meta_even_when_it_reads_like_a_person_typed_it()
    {
        var result = MessageClassifier.Classify(User("is the order of the rules significant?") with { IsSidechain = true, OriginKind = "human" });

        Assert.Equal((MessageKind.Meta, null, "sidechain_prompt"), Short(result));
    }

    [Fact]
    public void A_user_line_flagged_is_meta_is_meta()
    {
        Assert.Equal((MessageKind.Meta, null, "is_meta"), Short(MessageClassifier.Classify(User("Base directory for this skill: /x") with { IsMeta = true })));
    }

    [Theory]
    [InlineData("[Request interrupted by user]")]
    [InlineData("[Request interrupted by user for tool use]")]
    [InlineData("  [Request interrupted by user]")]
    public void An_interruption_marker_is_an_interruption(string text)
    {
        Assert.Equal(MessageKind.Interruption, MessageClassifier.Classify(User(text)).Kind);
    }

    [Theory]
    [InlineData("<bash-stdout>3 passed</bash-stdout><bash-stderr></bash-stderr>")]
    [InlineData("<bash-stderr>boom</bash-stderr>")]
    [InlineData("<local-command-stdout>Set model to opus</local-command-stdout>")]
    [InlineData("<local-command-stderr>no such command</local-command-stderr>")]
    [InlineData("<system-reminder>\nThe TodoWrite tool hasn't been used recently.\n</system-reminder>")]
    [InlineData("Caveat: The messages below were generated by the user while running local commands.")]
    [InlineData("<user-prompt-submit-hook>branch main</user-prompt-submit-hook>")]
    [InlineData("<teammate-message from=\"lead\">ship it</teammate-message>")]
    [InlineData("<user-memory-input>always use pnpm</user-memory-input>")]
    public void Text_that_opens_with_a_harness_prefix_is_meta(string text)
    {
        Assert.Equal((MessageKind.Meta, null, "harness_text"), Short(MessageClassifier.Classify(User(text))));
    }

    [Fact]
    public void A_harness_prefix_later_in_the_text_does_not_make_a_prompt_meta()
    {
        var result = MessageClassifier.Classify(User("why does Caveat: show up in <bash-stdout>?"));

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "plain_text"), Short(result));
    }

    [Fact]
    public void A_typed_slash_command_keeps_its_name_and_its_arguments_as_the_typed_text_with_high_confidence()
    {
        var result = MessageClassifier.Classify(User(
            "<command-name>/review</command-name>\n<command-message>review is running…</command-message>\n<command-args>pls chekc the rules module</command-args>"));

        Assert.Equal((MessageKind.SlashCommand, PromptConfidence.High, "typed_arguments"), Short(result));
        Assert.Equal(("/review", "pls chekc the rules module"), (result.Command, result.Text));
    }

    [Fact]
    public void A_slash_command_that_opens_with_its_message_tag_is_a_command_too()
    {
        var result = MessageClassifier.Classify(User("<command-message>model is running…</command-message>\n<command-name>/model</command-name>"));

        Assert.Equal((MessageKind.SlashCommand, "/model", ""), (result.Kind, result.Command, result.Text));
    }

    [Fact]
    public void A_slash_command_of_an_sdk_session_is_a_command_with_low_confidence()
    {
        var result = MessageClassifier.Classify(User("<command-name>/compact</command-name><command-args>keep notes</command-args>") with { Entrypoint = "sdk-ts" });

        Assert.Equal((MessageKind.SlashCommand, PromptConfidence.Low, "entrypoint:sdk-ts"), Short(result));
    }

    [Fact]
    public void Shell_input_keeps_the_command_typed_after_the_bang()
    {
        var result = MessageClassifier.Classify(User("<bash-input>pytest -q tests/test_rules.py</bash-input>"));

        Assert.Equal((MessageKind.ShellInput, "pytest -q tests/test_rules.py"), (result.Kind, result.Text));
    }

    [Fact]
    public void Shell_input_from_a_plugin_is_a_machine_prompt_because_who_sent_it_decides_first()
    {
        var result = MessageClassifier.Classify(User("<bash-input>ls</bash-input>") with { OriginKind = "plugin" });

        Assert.Equal((MessageKind.MachinePrompt, "origin:plugin"), (result.Kind, result.Reason));
    }

    [Fact]
    public void A_notification_tag_wins_over_a_human_origin()
    {
        var result = MessageClassifier.Classify(User("<task-notification>\n<task-id>t1</task-id>\n</task-notification>") with { OriginKind = "human" });

        Assert.Equal((MessageKind.TaskNotification, "notification_tag:task-notification"), (result.Kind, result.Reason));
    }

    [Fact]
    public void A_tag_that_only_ends_in_notification_text_is_not_a_notification()
    {
        var result = MessageClassifier.Classify(User("<notification>build done</notification>"));

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.Medium, "unknown_leading_tag"), Short(result));
    }

    [Fact]
    public void A_queued_prompt_that_is_a_slash_command_is_a_command_with_its_arguments()
    {
        var result = MessageClassifier.Classify(User("/compact keep the parser notes") with { PromptSource = "queued" });

        Assert.Equal((MessageKind.SlashCommand, PromptConfidence.High, "queued_command"), Short(result));
        Assert.Equal(("/compact", "keep the parser notes"), (result.Command, result.Text));
    }

    [Fact]
    public void A_typed_prompt_that_starts_with_a_slash_is_a_human_prompt_not_a_queued_command()
    {
        var result = MessageClassifier.Classify(User("/compact keep the parser notes") with { PromptSource = "typed" });

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "prompt_source_typed"), Short(result));
    }

    [Theory]
    [InlineData("/plugin:deploy staging", "/plugin:deploy", "staging")]
    [InlineData("/mcp", "/mcp", "")]
    [InlineData("/review-pr\tthe parser", "/review-pr", "the parser")]
    public void A_queued_slash_command_name_may_carry_a_plugin_part_and_tab_separated_arguments(string text, string command, string args)
    {
        var result = MessageClassifier.Classify(new RecordToClassify { Type = "queue-operation", Subtype = "enqueue", Blocks = [("text", text)] });

        Assert.Equal((MessageKind.SlashCommand, command, args), (result.Kind, result.Command, result.Text));
    }

    [Fact]
    public void An_ide_block_before_the_typed_block_leaves_only_the_typed_text_with_medium_confidence()
    {
        var result = MessageClassifier.Classify(User(
            ("text", "<ide_opened_file>The user opened tests/test_rules.py in the IDE.</ide_opened_file>"),
            ("text", "why does the empty ticket test still pass?")));

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.Medium, "mixed_injected_blocks"), Short(result));
        Assert.Equal("why does the empty ticket test still pass?", result.Text);
    }

    [Fact]
    public void A_line_of_injected_blocks_only_is_meta()
    {
        var result = MessageClassifier.Classify(User(("text", "<ide_selection>lines 3-9</ide_selection>"), ("image", null)));

        Assert.Equal((MessageKind.Meta, null, "injected_only"), Short(result));
    }

    [Fact]
    public void Injected_text_inside_one_block_is_not_split_out()
    {
        var result = MessageClassifier.Classify(User("fix this <system-reminder>x</system-reminder>"));

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "plain_text"), Short(result));
        Assert.Equal("fix this <system-reminder>x</system-reminder>", result.Text);
    }

    [Fact]
    public void Origin_kind_decides_before_turn_origin_and_turn_origin_before_prompt_source_and_entrypoint()
    {
        var all = User("run the nightly job") with { OriginKind = "peer", TurnOrigin = "scheduled", PromptSource = "sdk", Entrypoint = "sdk-py" };

        Assert.Equal("origin:peer", MessageClassifier.Classify(all).Reason);
        Assert.Equal("turn_origin:scheduled", MessageClassifier.Classify(all with { OriginKind = null }).Reason);
        Assert.Equal("prompt_source:sdk", MessageClassifier.Classify(all with { OriginKind = null, TurnOrigin = null }).Reason);
        Assert.Equal("entrypoint:sdk-py", MessageClassifier.Classify(all with { OriginKind = null, TurnOrigin = null, PromptSource = null }).Reason);
    }

    [Fact]
    public void A_human_turn_origin_is_high_confidence_and_a_human_origin_is_named_before_it()
    {
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "turn_origin_human"), Short(MessageClassifier.Classify(User("ship it") with { TurnOrigin = "human" })));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "origin_human"), Short(MessageClassifier.Classify(User("ship it") with { TurnOrigin = "human", OriginKind = "human" })));
    }

    [Fact]
    public void A_prompt_lacking_origin_is_medium_only_in_a_file_whose_prompts_carry_one()
    {
        var lacking = User("now update the README");

        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.Medium, "origin_missing"), Short(MessageClassifier.Classify(lacking with { FileUsesOrigin = true })));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "plain_text"), Short(MessageClassifier.Classify(lacking with { FileUsesOrigin = false })));
        Assert.Equal((MessageKind.HumanPrompt, PromptConfidence.High, "turn_origin_human"),
            Short(MessageClassifier.Classify(lacking with { FileUsesOrigin = true, TurnOrigin = "human" })));
    }

    [Fact]
    public void A_cli_entrypoint_is_not_an_sdk_one()
    {
        Assert.Equal(MessageKind.HumanPrompt, MessageClassifier.Classify(User("ship it") with { Entrypoint = "claude-vscode" }).Kind);
    }
}
