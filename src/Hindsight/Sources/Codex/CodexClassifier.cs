using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.Codex;

/// <summary>
/// Who wrote each rollout line. A person's prompt is a <c>response_item</c> message of role <c>user</c> whose text is
/// not context Codex injects (the environment block, AGENTS.md and other instruction blocks); Codex also echoes each
/// prompt as an <c>event_msg</c> <c>user_message</c>, which is kept as meta so the prompt counts once.
/// </summary>
public static class CodexClassifier
{
    /// <summary>How injected context starts: Codex wraps each block it adds to a user turn in one of these.</summary>
    private static readonly string[] InjectedPrefixes =
    [
        "<environment_context>", "<user_instructions>", "<developer_instructions>", "<permissions instructions>",
        "<instructions>", "# AGENTS.md instructions", "<user_shell_command>", "<turn_aborted>",
    ];

    public static bool IsInjected(string? text) =>
        text is not null && InjectedPrefixes.Any(p => text.TrimStart().StartsWith(p, StringComparison.Ordinal));

    public static Classification Classify(RecordToClassify record) => (record.Type, record.Subtype) switch
    {
        (CodexLineTypes.ResponseItem, "message") => Message(record),
        (CodexLineTypes.ResponseItem, "reasoning") => new(MessageKind.Thinking, Joined(record)),
        (CodexLineTypes.ResponseItem, "function_call" or "custom_tool_call" or "local_shell_call" or "web_search_call") =>
            new(MessageKind.ToolCall, null),
        (CodexLineTypes.ResponseItem, "function_call_output" or "custom_tool_call_output") => new(MessageKind.ToolResult, null),
        (CodexLineTypes.EventMsg, "user_message" or "agent_message" or "agent_reasoning") => new(MessageKind.Meta, Joined(record), Reason: "event_echo"),
        (CodexLineTypes.EventMsg, _) => new(MessageKind.System, null),
        (CodexLineTypes.Compacted, _) => new(MessageKind.CompactionSummary, Joined(record)),
        _ => new(MessageKind.Metadata, null),
    };

    private static Classification Message(RecordToClassify record)
    {
        var text = Joined(record);
        if (record.Role is "assistant") return new(MessageKind.AssistantText, text);
        if (record.Role is not "user") return new(MessageKind.Meta, text, Reason: "role:" + (record.Role ?? "none"));
        var texts = record.Blocks.Where(b => b.Type == "text").ToList();
        var typed = texts.Where(b => !IsInjected(b.Text)).ToList();
        if (typed.Count == 0) return new(MessageKind.Meta, text, Reason: "injected_only");
        var typedText = TextNormalizer.Normalize(string.Join("\n", typed.Select(b => b.Text)));
        if (typedText.Length == 0) return new(MessageKind.Meta, text, Reason: "injected_only");
        return typed.Count < texts.Count
            ? new(MessageKind.HumanPrompt, typedText, PromptConfidence.Medium, "mixed_injected_blocks")
            : new(MessageKind.HumanPrompt, typedText, PromptConfidence.High, "plain_text");
    }

    private static string Joined(RecordToClassify record) =>
        TextNormalizer.Normalize(string.Join("\n", record.Blocks.Where(b => b.Text is not null).Select(b => b.Text)));
}
