namespace Hindsight.Stages.Discover;

/// <summary>One unknown record type, subtype or top-level field across the corpus: how often, in how many files, in which Claude Code versions, and when.</summary>
public sealed record FormatDriftItem(DriftKind Kind, string Name, long Records, long Files, IReadOnlyList<string> Versions, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen);
