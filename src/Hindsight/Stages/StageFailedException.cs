namespace Hindsight.Stages;

/// <summary>The one exception type at the stage boundary: which stage of which run failed, and why.</summary>
public sealed class StageFailedException(int stage, string stageName, Guid runId, Exception inner)
    : Exception($"Stage {stage} ({stageName}) of run {runId} failed: {inner.Message}", inner)
{
    public int Stage { get; } = stage;
    public string StageName { get; } = stageName;
    public Guid RunId { get; } = runId;
}
