using Hindsight.Correction;

namespace Hindsight.Stages.Correct;

/// <summary>Counts settled prompts for the progress line as results reach the warehouse.</summary>
internal sealed class ProgressSink(ICorrectionSink inner, IStageProgress progress) : ICorrectionSink
{
    public async ValueTask WriteAsync(IReadOnlyList<CorrectionResult> results, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(results, cancellationToken);
        progress.Advance(results.Count);
    }
}
