using Hindsight.Runs;

namespace Hindsight.Stages;

/// <summary>One stage of the pipeline: a small contract; tracking, timing and progress are the pipeline's job.</summary>
public interface IStage
{
    int Number { get; }
    string Name { get; }
    Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken);
}
