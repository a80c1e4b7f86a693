namespace Hindsight.Sources.ClaudeCode;

/// <summary>The parts of a stored record the classifier looks at.</summary>
public sealed record RecordToClassify
{
    public required string Type { get; init; }
    public string? Subtype { get; init; }
    /// <summary>The message's role (user, assistant, developer, tool), where the line has one.</summary>
    public string? Role { get; init; }
    public string? ParentUuid { get; init; }
    public bool IsSidechain { get; init; }
    public bool IsMeta { get; init; }
    public bool IsCompactSummary { get; init; }
    public bool IsApiErrorMessage { get; init; }
    public string? Model { get; init; }
    public string? OriginKind { get; init; }
    public string? Entrypoint { get; init; }
    /// <summary>turnOrigin of a user line (2.1.278+): human, sdk, peer, task_notification, scheduled.</summary>
    public string? TurnOrigin { get; init; }
    /// <summary>promptSource of a user line (2.1.219+): typed, sdk, system, queued, suggestion_accepted.</summary>
    public string? PromptSource { get; init; }
    /// <summary>The line's toolUseResult as JSON, read only for lines whose tool result may hold typed text (answers).</summary>
    public string? ToolUseResult { get; init; }
    /// <summary>True when other records of the same file carry origin.kind, so a prompt without it stands out.</summary>
    public bool FileUsesOrigin { get; init; }
    /// <summary>Block types in order, with the text of text and thinking blocks, and of tool results that may quote a person.</summary>
    public IReadOnlyList<(string Type, string? Text)> Blocks { get; init; } = [];
}
