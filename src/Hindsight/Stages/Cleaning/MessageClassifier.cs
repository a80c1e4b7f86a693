using System.Text.RegularExpressions;

namespace Hindsight.Stages.Cleaning;

/// <summary>
/// Decides what each record is (transcript-format.md §2.11). A user line is a human prompt only when
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

    public static Classification Classify(RecordToClassify record) => record.Type switch
    {
        "assistant" => ClassifyAssistant(record),
        "user" => ClassifyUser(record),
        "queue-operation" => ClassifyQueued(JoinText(record), isTaskNotification: false),
        "attachment" when record.Subtype == "queued_command" =>
            ClassifyQueued(JoinText(record), isTaskNotification: record.OriginKind == "task-notification"),
        "attachment" => new(MessageKinds.Attachment, null),
        "system" => new(MessageKinds.System, null),
        "progress" => new(MessageKinds.Progress, null),
        _ => new(MessageKinds.Metadata, null),
    };

    private static Classification ClassifyAssistant(RecordToClassify record)
    {
        var text = JoinText(record);
        if (record.Model == "<synthetic>" || record.IsApiErrorMessage) return new(MessageKinds.Synthetic, text);
        if (record.Blocks.Any(b => b.Type is "tool_use" or "server_tool_use")) return new(MessageKinds.ToolCall, text);
        if (record.Blocks.Any(b => b.Type.EndsWith("tool_result", StringComparison.Ordinal))) return new(MessageKinds.ToolResult, text);
        if (record.Blocks.Count > 0 && record.Blocks.All(b => b.Type is "thinking" or "redacted_thinking"))
            return new(MessageKinds.Thinking, TextNormalizer.Normalize(string.Join("\n", record.Blocks.Select(b => b.Text))));
        return new(MessageKinds.AssistantText, text);
    }

    private static Classification ClassifyUser(RecordToClassify record)
    {
        if (record.Blocks.Any(b => b.Type == "tool_result")) return new(MessageKinds.ToolResult, JoinText(record));
        var full = JoinText(record);
        if (record.IsCompactSummary || full.StartsWith(ContinuationPreamble, StringComparison.Ordinal))
            return new(MessageKinds.CompactionSummary, full);
        // A subagent's user text is the delegating model's prompt (or a Warmup/compaction instruction), not a person's.
        if (record.IsSidechain)
            return new(MessageKinds.Meta, full, Reason: "sidechain_prompt");
        if (record.IsMeta) return new(MessageKinds.Meta, full, Reason: "is_meta");

        var start = full.TrimStart();
        if (start.StartsWith("[Request interrupted by user", StringComparison.Ordinal)) return new(MessageKinds.Interruption, full);
        if (start.StartsWith("<task-notification>", StringComparison.Ordinal)) return new(MessageKinds.TaskNotification, full);
        if (start.StartsWith("<command-name>", StringComparison.Ordinal) || start.StartsWith("<command-message>", StringComparison.Ordinal))
        {
            var args = TextNormalizer.Normalize(Tag(start, "command-args"));
            return new(MessageKinds.SlashCommand, args, "high", "typed_arguments", Tag(start, "command-name")?.Trim());
        }
        if (start.StartsWith("<bash-input>", StringComparison.Ordinal))
            return new(MessageKinds.ShellInput, TextNormalizer.Normalize(Tag(start, "bash-input")));
        if (MetaPrefixes.Any(p => start.StartsWith(p, StringComparison.Ordinal))) return new(MessageKinds.Meta, full, Reason: "harness_text");

        // What the person typed: the text blocks that are not injected context.
        var typedBlocks = record.Blocks.Where(b => b.Type == "text" && !IsInjected(b.Text)).ToList();
        bool mixed = typedBlocks.Count < record.Blocks.Count(b => b.Type == "text");
        var typed = mixed ? TextNormalizer.Normalize(string.Join("\n", typedBlocks.Select(b => b.Text))) : full;
        if (typed.Length == 0) return new(MessageKinds.Meta, full, Reason: "injected_only");

        var (confidence, reason) = Confidence(record, typed, mixed);
        return new(MessageKinds.HumanPrompt, typed, confidence, reason);
    }

    private static (string Confidence, string Reason) Confidence(RecordToClassify record, string typed, bool mixed)
    {
        if (record.Entrypoint is { } entry && entry.StartsWith("sdk", StringComparison.Ordinal)) return ("low", "non_interactive_entrypoint");
        if (mixed) return ("medium", "mixed_injected_blocks");
        if (LeadingTag().IsMatch(typed)) return ("medium", "unknown_leading_tag");
        if (record.OriginKind == "human") return ("high", "origin_human");
        if (record.FileUsesOrigin && record.OriginKind is null) return ("medium", "origin_missing");
        return ("high", "plain_text");
    }

    private static Classification ClassifyQueued(string text, bool isTaskNotification)
    {
        if (text.Length == 0) return new(MessageKinds.Metadata, null);
        if (isTaskNotification || text.TrimStart().StartsWith("<task-notification>", StringComparison.Ordinal))
            return new(MessageKinds.TaskNotification, text);
        return new(MessageKinds.Steering, text, "high", "queued_input");
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
}
