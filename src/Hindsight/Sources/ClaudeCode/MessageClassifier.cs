using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Hindsight.Messages;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Decides what each record is (docs/transcript-format.md §2.11). A user line is a human prompt only when
/// nothing marks it as written by the harness; a human prompt carries a confidence and its reason,
/// because some harness paths put machine text in the user turn without any tag.
/// </summary>
public static partial class MessageClassifier
{
    private static readonly string[] MetaPrefixes =
    [
        "<bash-stdout>", "<bash-stderr>", "<local-command-stdout>", "<local-command-stderr>", "<system-reminder>",
        "Caveat: ", "<user-prompt-submit-hook>", "<teammate-message", "<user-memory-input>",
    ];

    /// <summary>Tags the IDE or harness puts in their own text block beside what the person typed.</summary>
    private static readonly string[] InjectedBlockPrefixes = ["<ide_", "<system-reminder>"];

    private const string ContinuationPreamble = "This session is being continued from a previous conversation";

    /// <summary>origin.kind values that mean a person typed the text (2.1.2xx+); every other kind means no person did.</summary>
    private static readonly FrozenSet<string> PersonOrigins = new[] { "human", "person" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A stored record whose origin says a person typed it (<see cref="PersonOrigins"/>), in SQL over <c>records</c>.</summary>
    public const string SqlPersonOrigin = "origin_kind IN ('human', 'person')";

    /// <summary>The reason of a prompt nothing but its plain text speaks for.</summary>
    public const string PlainTextReason = "plain_text";

    /// <summary>
    /// The reason of such a prompt in a file whose other prompts carry origin (<see cref="RecordToClassify.FileUsesOrigin"/>):
    /// medium confidence. The only difference the file makes; stage 2 applies it to stored files in SQL (FileWideClassification).
    /// </summary>
    public const string OriginMissingReason = "origin_missing";

    /// <summary>promptSource values of text a person typed (directly, or while Claude was busy).</summary>
    private static readonly FrozenSet<string> TypedPromptSources = new[] { "typed", "queued" }.ToFrozenSet(StringComparer.Ordinal);

    public static Classification Classify(RecordToClassify record) => record.Type switch
    {
        "assistant" => ClassifyAssistant(record),
        "user" => ClassifyUser(record),
        "queue-operation" => ClassifyQueued(JoinText(record), originKind: null),
        "attachment" when record.Subtype == "queued_command" => ClassifyQueued(JoinText(record), record.OriginKind),
        "attachment" => new(MessageKind.Attachment, null),
        "system" => new(MessageKind.System, null),
        "progress" => new(MessageKind.Progress, null),
        _ => new(MessageKind.Metadata, null),
    };

    private static Classification ClassifyAssistant(RecordToClassify record)
    {
        var text = JoinText(record);
        if (record.Model == "<synthetic>" || record.IsApiErrorMessage) return new(MessageKind.Synthetic, text);
        if (record.Blocks.Any(b => b.Type is "tool_use" or "server_tool_use")) return new(MessageKind.ToolCall, text);
        if (record.Blocks.Any(b => b.Type.EndsWith("tool_result", StringComparison.Ordinal))) return new(MessageKind.ToolResult, text);
        if (record.Blocks.Count > 0 && record.Blocks.All(b => b.Type is "thinking" or "redacted_thinking"))
            return new(MessageKind.Thinking, TextNormalizer.Normalize(string.Join("\n", record.Blocks.Select(b => b.Text))));
        return new(MessageKind.AssistantText, text);
    }

    private static Classification ClassifyUser(RecordToClassify record)
    {
        if (record.Blocks.Any(b => b.Type == "tool_result")) return new(MessageKind.ToolResult, JoinText(record));
        var full = JoinText(record);
        if (record.IsCompactSummary || full.StartsWith(ContinuationPreamble, StringComparison.Ordinal))
            return new(MessageKind.CompactionSummary, full);
        // A subagent's user text is the delegating model's prompt (or a Warmup/compaction instruction), not a person's.
        if (record.IsSidechain)
            return new(MessageKind.Meta, full, Reason: "sidechain_prompt");
        if (record.IsMeta) return new(MessageKind.Meta, full, Reason: "is_meta");

        var start = full.TrimStart();
        if (start.StartsWith("[Request interrupted by user", StringComparison.Ordinal)) return new(MessageKind.Interruption, full);
        // What Claude Code wrote about the turn decides before any heuristic on the text.
        var notTyped = NotTypedByAPerson(record);
        if (NotificationTag(start) is { } tag) return new(MessageKind.TaskNotification, full, Reason: "notification_tag:" + tag);
        if (notTyped is { IsTaskNotification: true }) return new(MessageKind.TaskNotification, full, Reason: notTyped.Value.Reason);
        // A slash command stays a command wherever it arrives; only a person's command has arguments worth correcting.
        if (start.StartsWith("<command-name>", StringComparison.Ordinal) || start.StartsWith("<command-message>", StringComparison.Ordinal))
        {
            var args = TextNormalizer.Normalize(Tag(start, "command-args"));
            var command = Tag(start, "command-name")?.Trim();
            return notTyped is { } machine
                ? new(MessageKind.SlashCommand, args, PromptConfidence.Low, machine.Reason, command)
                : new(MessageKind.SlashCommand, args, PromptConfidence.High, "typed_arguments", command);
        }
        if (notTyped is { } other) return new(MessageKind.MachinePrompt, full, Reason: other.Reason);
        if (start.StartsWith("<bash-input>", StringComparison.Ordinal))
            return new(MessageKind.ShellInput, TextNormalizer.Normalize(Tag(start, "bash-input")));
        if (MetaPrefixes.Any(p => start.StartsWith(p, StringComparison.Ordinal))) return new(MessageKind.Meta, full, Reason: "harness_text");
        if (record.PromptSource == "queued" && QueuedSlashCommand(full) is { } queuedCommand) return queuedCommand;

        // What the person typed: the text blocks that are not injected context.
        var typedBlocks = record.Blocks.Where(b => b.Type == "text" && !IsInjected(b.Text)).ToList();
        bool mixed = typedBlocks.Count < record.Blocks.Count(b => b.Type == "text");
        var typed = mixed ? TextNormalizer.Normalize(string.Join("\n", typedBlocks.Select(b => b.Text))) : full;
        if (typed.Length == 0) return new(MessageKind.Meta, full, Reason: "injected_only");

        var (confidence, reason) = Confidence(record, typed, mixed);
        return new(MessageKind.HumanPrompt, typed, confidence, reason);
    }

    /// <summary>
    /// Why no person typed this turn, from the fields Claude Code writes about it: an origin.kind other than
    /// human/person, a turnOrigin other than human, a promptSource other than typed/queued (2.1.2xx+), or a session
    /// run by a program (entrypoint sdk-cli, sdk-py, ...). Null when none says so (older lines: the heuristics decide).
    /// </summary>
    private static (string Reason, bool IsTaskNotification)? NotTypedByAPerson(RecordToClassify record)
    {
        if (record.OriginKind is { } kind && !PersonOrigins.Contains(kind)) return ("origin:" + kind, kind == "task-notification");
        if (record.TurnOrigin is { } turn && turn != "human") return ("turn_origin:" + turn, turn == "task_notification");
        if (record.PromptSource is { } source && !TypedPromptSources.Contains(source)) return ("prompt_source:" + source, false);
        if (record.Entrypoint is { } entry && entry.StartsWith("sdk", StringComparison.Ordinal)) return ("entrypoint:" + entry, false);
        return null;
    }

    private static (PromptConfidence Confidence, string Reason) Confidence(RecordToClassify record, string typed, bool mixed)
    {
        if (mixed) return (PromptConfidence.Medium, "mixed_injected_blocks");
        if (LeadingTag().IsMatch(typed)) return (PromptConfidence.Medium, "unknown_leading_tag");
        if (record.OriginKind is { } kind && PersonOrigins.Contains(kind)) return (PromptConfidence.High, "origin_" + kind);
        if (record.TurnOrigin == "human") return (PromptConfidence.High, "turn_origin_human");
        if (record.PromptSource is { } source && TypedPromptSources.Contains(source)) return (PromptConfidence.High, "prompt_source_" + source);
        if (record.FileUsesOrigin && record.OriginKind is null) return (PromptConfidence.Medium, OriginMissingReason);
        return (PromptConfidence.High, PlainTextReason);
    }

    private static Classification ClassifyQueued(string text, string? originKind)
    {
        if (text.Length == 0) return new(MessageKind.Metadata, null);
        if (originKind == "task-notification") return new(MessageKind.TaskNotification, text, Reason: "origin:" + originKind);
        if (NotificationTag(text.TrimStart()) is { } tag) return new(MessageKind.TaskNotification, text, Reason: "notification_tag:" + tag);
        if (originKind is not null && !PersonOrigins.Contains(originKind)) return new(MessageKind.MachinePrompt, text, Reason: "origin:" + originKind);
        if (QueuedSlashCommand(text) is { } command) return command;
        return new(MessageKind.Steering, text, PromptConfidence.High, "queued_input");
    }

    /// <summary>
    /// A slash command delivered through the queue arrives as its plain text (<c>/mcp</c>, <c>/review the parser</c>),
    /// not wrapped in command tags; it is a command, and what follows its name is what the person typed.
    /// </summary>
    private static Classification? QueuedSlashCommand(string text)
    {
        var match = SlashCommandLine().Match(text.TrimStart());
        if (!match.Success) return null;
        return new(MessageKind.SlashCommand, TextNormalizer.Normalize(match.Groups["args"].Value), PromptConfidence.High, "queued_command", match.Groups["name"].Value);
    }

    /// <summary>
    /// The name of the harness wrapper that opens the text when it is a notification (<c>&lt;task-notification&gt;</c>,
    /// <c>&lt;bash-notification&gt;</c>, <c>&lt;agent-notification&gt;</c>, and any other <c>&lt;…-notification&gt;</c>):
    /// injected by Claude Code when background work ends, never typed.
    /// </summary>
    private static string? NotificationTag(string start)
    {
        var match = NotificationWrapper().Match(start);
        return match.Success ? match.Groups["tag"].Value : null;
    }

    private static bool IsInjected(string? text) =>
        text is not null && InjectedBlockPrefixes.Any(p => text.TrimStart().StartsWith(p, StringComparison.Ordinal));

    private static string JoinText(RecordToClassify record) =>
        TextNormalizer.Normalize(string.Join("\n", record.Blocks.Where(b => b.Type == "text").Select(b => b.Text)));

    private static string? Tag(string text, string name)
    {
        var open = $"<{name}>";
        int start = text.IndexOf(open, StringComparison.Ordinal);
        if (start < 0) return null;
        start += open.Length;
        int end = text.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"^<[A-Za-z][\w-]*[\s>]")]
    private static partial Regex LeadingTag();

    [GeneratedRegex(@"^<(?<tag>[A-Za-z][\w-]*-notification)[\s>]")]
    private static partial Regex NotificationWrapper();

    /// <summary>A command name (letters, digits, '-', '_', and one plugin ':' part), then arguments or the end; <c>/tmp/x</c> is a path, not a command.</summary>
    [GeneratedRegex(@"^(?<name>/[A-Za-z][\w-]*(?::[\w-]+)?)(?:[ \t]+(?<args>[\s\S]*))?$")]
    private static partial Regex SlashCommandLine();
}
