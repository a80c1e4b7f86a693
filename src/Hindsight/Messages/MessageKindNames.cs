using System.Collections.Frozen;

namespace Hindsight.Messages;

/// <summary>The snake_case names under which message kinds are stored in <c>messages.kind</c> and reported: the one mapping.</summary>
public static class MessageKindNames
{
    /// <summary>The stored name of <paramref name="kind"/> (a literal: no allocation on stage 2's per-row path).</summary>
    public static string ToName(this MessageKind kind) => kind switch
    {
        MessageKind.HumanPrompt => "human_prompt",
        MessageKind.SlashCommand => "slash_command",
        MessageKind.ShellInput => "shell_input",
        MessageKind.ToolResult => "tool_result",
        MessageKind.Meta => "meta",
        MessageKind.CompactionSummary => "compaction_summary",
        MessageKind.Interruption => "interruption",
        MessageKind.Steering => "steering",
        MessageKind.TaskNotification => "task_notification",
        MessageKind.MachinePrompt => "machine_prompt",
        MessageKind.HumanToolFeedback => "human_tool_feedback",
        MessageKind.HumanAnswer => "human_answer",
        MessageKind.AssistantText => "assistant_text",
        MessageKind.Thinking => "thinking",
        MessageKind.ToolCall => "tool_call",
        MessageKind.Synthetic => "synthetic",
        MessageKind.System => "system",
        MessageKind.Progress => "progress",
        MessageKind.Attachment => "attachment",
        MessageKind.Metadata => "metadata",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown message kind"),
    };

    private static readonly FrozenDictionary<string, MessageKind> ByName =
        Enum.GetValues<MessageKind>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name.</summary>
    public static MessageKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : throw new FormatException($"'{name}' is not a message kind");

    /// <summary>Kinds whose text a person typed: stage 4's correction targets.</summary>
    public static IReadOnlyList<MessageKind> HumanTyped { get; } =
        [MessageKind.HumanPrompt, MessageKind.SlashCommand, MessageKind.Steering, MessageKind.HumanToolFeedback, MessageKind.HumanAnswer];

    /// <summary><see cref="HumanTyped"/> as a SQL list for <c>kind IN (...)</c>.</summary>
    public static string HumanTypedSqlList { get; } = SqlList(HumanTyped);

    /// <summary>Stored names quoted and comma-separated for <c>kind IN (...)</c>.</summary>
    public static string SqlList(IEnumerable<MessageKind> kinds) => Warehouse.SqlNameList.Of(kinds.Select(ToName));
}
