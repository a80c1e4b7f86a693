namespace Hindsight.Search;

/// <summary>One message as it is indexed: where it is, what kind it is, when, and its redacted (and corrected) text.</summary>
public sealed record SearchDocument(
    string FileId,
    long LineNo,
    int? BlockIndex,
    string Kind,
    string Project,
    string? SessionId,
    string Agent,
    DateTimeOffset? Time,
    string Text,
    string? CorrectedText);
