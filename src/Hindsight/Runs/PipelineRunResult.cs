using Hindsight.Stages;

namespace Hindsight.Runs;

/// <summary>
/// How a hosted run ended: its conclusion; the pipeline's result when the stages ran; the failure when they could not
/// (the warehouse refused, short of disk, unavailable, or the run's tracking could not be written).
/// </summary>
public sealed record PipelineRunResult(RunConclusion Conclusion, PipelineResult? Result, Exception? Failure)
{
    /// <summary>True when a first run found nothing and so removed the warehouse it had created.</summary>
    public bool RemovedNewWarehouse { get; init; }
}
