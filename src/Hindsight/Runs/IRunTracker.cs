using System.Text.Json.Nodes;

namespace Hindsight.Runs;

/// <summary>
/// Records a run and its stages. A failure to record is an error for the caller, never swallowed:
/// the original pipeline silently lost all its tracking this way.
/// </summary>
public interface IRunTracker
{
    Guid RunId { get; }
    Task StartRunAsync(string command, JsonObject options, CancellationToken cancellationToken);
    Task StartStageAsync(int stage, string stageName, CancellationToken cancellationToken);
    Task FinishStageAsync(int stage, StageOutcome outcome, CancellationToken cancellationToken);
    Task FinishRunAsync(StageStatus status, string? error, CancellationToken cancellationToken);
}
