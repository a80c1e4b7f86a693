using Hindsight.Runs;

namespace Hindsight.Stages;

/// <summary>
/// A derived stage whose output depends only on warehouse tables: the pipeline skips it when the
/// fingerprint of those tables has not changed since it last succeeded.
/// </summary>
public interface IIncrementalStage : IStage
{
    Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What the stage reports when it is skipped for unchanged inputs: by default that and nothing else; a stage whose
    /// output figures are worth showing on every run (the staged table's row count) adds them.
    /// </summary>
    Task<StageOutcome> UnchangedAsync(StageContext context, CancellationToken cancellationToken) =>
        Task.FromResult(InputsUnchanged.Outcome());
}
