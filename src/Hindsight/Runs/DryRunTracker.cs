using System.Text.Json.Nodes;

namespace Hindsight.Runs;

/// <summary>
/// Tracking for a dry run, which writes nothing. The run's summary comes from the pipeline's own result, so
/// nothing needs keeping here.
/// </summary>
public sealed class DryRunTracker(Guid runId) : IRunTracker
{
    public Guid RunId { get; } = runId;

    public Task StartRunAsync(string command, JsonObject options, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartStageAsync(int stage, string stageName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FinishStageAsync(int stage, StageOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FinishRunAsync(StageStatus status, string? error, CancellationToken cancellationToken) => Task.CompletedTask;
}
