namespace Hindsight.Runs;

/// <summary>One run as <c>runs</c> recorded it, with its stages.</summary>
public sealed record RecordedRun(Guid RunId, string Command, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Error,
    IReadOnlyList<RecordedStage> Stages);

