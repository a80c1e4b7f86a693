using System.Text.Json.Nodes;

namespace Hindsight.Runs;

/// <summary>Tracking for a dry run, which writes nothing: it keeps the outcomes for the summary only.</summary>
public sealed class InMemoryRunTracker(Guid runId) : IRunTracker
{
    private readonly List<(int Stage, string Name, StageOutcome? Outcome)> _stages = [];

    public Guid RunId { get; } = runId;
    public IReadOnlyList<(int Stage, string Name, StageOutcome? Outcome)> Stages => _stages;

    public Task StartRunAsync(string command, JsonObject options, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartStageAsync(int stage, string stageName, CancellationToken cancellationToken)
    {
        _stages.Add((stage, stageName, null));
        return Task.CompletedTask;
    }

    public Task FinishStageAsync(int stage, StageOutcome outcome, CancellationToken cancellationToken)
    {
        int index = _stages.FindIndex(s => s.Stage == stage);
        _stages[index] = (stage, _stages[index].Name, outcome);
        return Task.CompletedTask;
    }

    public Task FinishRunAsync(StageStatus status, string? error, CancellationToken cancellationToken) => Task.CompletedTask;
}
