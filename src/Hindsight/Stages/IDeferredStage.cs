namespace Hindsight.Stages;

/// <summary>
/// A stage that can leave its reading to a later stage's pass and finish after it: discovery, whose profiles of
/// changed files are built by extraction's readers, so each file is read once. The pipeline keeps such a stage open
/// until the pass has run, then asks it for its outcome.
/// </summary>
public interface IDeferredStage : IStage
{
    /// <summary>True when the last <see cref="IStage.RunAsync"/> left its outcome to <see cref="CompleteAsync"/>.</summary>
    bool AwaitsPass(StageContext context);

    /// <summary>Finishes the stage from what the pass handed back; a refusal here takes the pass's writes back.</summary>
    Task<Runs.StageOutcome> CompleteAsync(StageContext context, CancellationToken cancellationToken);
}
