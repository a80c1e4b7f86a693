namespace Hindsight.Stages;

/// <summary>
/// A derived stage whose output depends only on warehouse tables: the pipeline skips it when the
/// fingerprint of those tables has not changed since it last succeeded.
/// </summary>
public interface IIncrementalStage : IStage
{
    Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken);
}
