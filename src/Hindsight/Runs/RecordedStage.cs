namespace Hindsight.Runs;

/// <summary>One stage of a run as <c>run_stages</c> recorded it; its metrics are the JSON the stage reported (output only).</summary>
public sealed record RecordedStage(int Stage, string Name, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    long? ItemsIn, long? ItemsOut, long? ItemsFailed, string? Error, string? MetricsJson);
