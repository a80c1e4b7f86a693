namespace Hindsight.Search;

/// <summary>One message found: where it is, its score, and a snippet of its text around the matched words.</summary>
public sealed record SearchHit(
    float Score,
    string Kind,
    string Project,
    string? SessionId,
    string Agent,
    DateTimeOffset? Time,
    string FileId,
    long LineNo,
    int? BlockIndex,
    SearchSnippet Snippet,
    bool MatchedCorrectedText);
