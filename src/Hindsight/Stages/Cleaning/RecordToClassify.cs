namespace Hindsight.Stages.Cleaning;

/// <summary>The parts of a stored record the classifier looks at.</summary>
public sealed record RecordToClassify
{
    public required string Type { get; init; }
    public string? Subtype { get; init; }
    public string? ParentUuid { get; init; }
    public bool IsSidechain { get; init; }
    public bool IsMeta { get; init; }
    public bool IsCompactSummary { get; init; }
    public bool IsApiErrorMessage { get; init; }
    public string? Model { get; init; }
    public string? OriginKind { get; init; }
    public string? Entrypoint { get; init; }
    /// <summary>True when other records of the same file carry origin.kind, so a prompt without it stands out.</summary>
    public bool FileUsesOrigin { get; init; }
    public IReadOnlyList<(string Type, string? Text)> Blocks { get; init; } = [];
}
