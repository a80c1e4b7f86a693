namespace Hindsight.Sampling;

/// <summary>A tool call between its tool_use block and its tool_result line.</summary>
internal sealed class ToolCall
{
    public required ToolKind Kind { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Path { get; init; } = string.Empty;
    public string Argument { get; init; } = string.Empty;
    public string Description { get; init; } = string.Empty;
    public string OldString { get; init; } = string.Empty;
    public string NewString { get; init; } = string.Empty;

    /// <summary>File content a Write call carries in its input (and its result repeats).</summary>
    public string? WrittenContent { get; init; }

    /// <summary>The subagent a Task/Agent call starts (null for 1.0.x inline sidechains).</summary>
    public AgentPlan? Agent { get; init; }

    public bool Fails { get; set; }
    public bool Rejected { get; set; }

    /// <summary>uuid of the assistant line that holds this tool_use (2.1.x sourceToolAssistantUUID).</summary>
    public string? AssistantUuid { get; set; }

    /// <summary>Roughly how many characters the tool_use input holds, for the message's output tokens.</summary>
    public int InputCharacters => 60 + Path.Length + Argument.Length + Description.Length + OldString.Length + NewString.Length
        + (WrittenContent?.Length ?? 0) + (Agent?.Prompt.Length ?? 0);
}
