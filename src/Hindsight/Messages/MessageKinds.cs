namespace Hindsight.Messages;

/// <summary>What a record is to a reader of the conversation. Only human-typed kinds are correction targets.</summary>
public static class MessageKinds
{
    public const string HumanPrompt = "human_prompt";
    public const string SlashCommand = "slash_command";
    public const string ShellInput = "shell_input";
    public const string ToolResult = "tool_result";
    public const string Meta = "meta";
    public const string CompactionSummary = "compaction_summary";
    public const string Interruption = "interruption";
    public const string Steering = "steering";
    public const string TaskNotification = "task_notification";
    /// <summary>A user turn no person typed, by what Claude Code wrote about it: origin.kind, turnOrigin or promptSource
    /// other than a person (a plugin, a peer agent, a suggestion, a schedule, ...), or a session run by a program (entrypoint sdk-*).</summary>
    public const string MachinePrompt = "machine_prompt";
    /// <summary>What a person typed when rejecting a tool use, inside the tool result (a row of its own, keyed by record and block).</summary>
    public const string HumanToolFeedback = "human_tool_feedback";
    /// <summary>A person's answer to Claude's question (AskUserQuestion), inside the tool result (a row of its own, keyed by record and block).</summary>
    public const string HumanAnswer = "human_answer";
    public const string AssistantText = "assistant_text";
    public const string Thinking = "thinking";
    public const string ToolCall = "tool_call";
    public const string Synthetic = "synthetic";
    // Records that are not user or assistant messages keep a kind too, so every record has exactly one.
    public const string System = "system";
    public const string Progress = "progress";
    public const string Attachment = "attachment";
    public const string Metadata = "metadata";

    /// <summary>Kinds whose text a person typed (stage 4's correction targets), as a SQL list for <c>kind IN (...)</c>.</summary>
    public const string HumanTypedSqlList =
        "'" + HumanPrompt + "', '" + SlashCommand + "', '" + Steering + "', '" + HumanToolFeedback + "', '" + HumanAnswer + "'";
}
