namespace Hindsight.Messages;

/// <summary>What a record is to a reader of the conversation. Only human-typed kinds are correction targets.</summary>
public enum MessageKind
{
    HumanPrompt,
    SlashCommand,
    ShellInput,
    ToolResult,
    Meta,
    CompactionSummary,
    Interruption,
    Steering,
    TaskNotification,
    /// <summary>A user turn no person typed, by what Claude Code wrote about it: origin.kind, turnOrigin or promptSource
    /// other than a person (a plugin, a peer agent, a suggestion, a schedule, ...), or a session run by a program (entrypoint sdk-*).</summary>
    MachinePrompt,
    /// <summary>What a person typed when rejecting a tool use, inside the tool result (a row of its own, keyed by record and block).</summary>
    HumanToolFeedback,
    /// <summary>A person's answer to Claude's question (AskUserQuestion), inside the tool result (a row of its own, keyed by record and block).</summary>
    HumanAnswer,
    AssistantText,
    Thinking,
    ToolCall,
    Synthetic,
    // Records that are not user or assistant messages keep a kind too, so every record has exactly one.
    System,
    Progress,
    Attachment,
    Metadata,
}
