using Hindsight.Correction.Caching;
using Hindsight.Correction.Protection;
using Hindsight.Correction.Protocol;

namespace Hindsight.Correction.Engine;

/// <summary>Builds the final result of a target from an outcome, restoring its own protected spans.</summary>
internal sealed class ResultFactory
{
    private readonly string _provider;
    private readonly string _model;

    internal ResultFactory(string provider, string model)
    {
        _provider = provider;
        _model = model;
    }

    internal CorrectionResult Unsent(CorrectionTarget target, CorrectionStatus status, string? reason) =>
        new(target.EntityId, target.Text, target.Text, status, reason, _provider, _model, CorrectionPrompt.PromptVersion, 0, 0, 0m, false, TimeSpan.Zero, null);

    internal CorrectionResult FromCache(WaitingTarget waiting, CachedCorrection cached) =>
        Build(waiting, cached.Status, cached.CorrectedProtectedText, cached.Reason, 0, 0, 0m, cacheHit: true, TimeSpan.Zero, null);

    internal CorrectionResult FromOutcome(WaitingTarget waiting, ItemOutcome outcome, bool isOwner) => isOwner
        ? Build(waiting, outcome.Status, outcome.CorrectedProtectedText, outcome.Reason, outcome.InputTokens, outcome.OutputTokens, outcome.CostUsd, false, outcome.Latency, outcome.BatchId)
        : Build(waiting, outcome.Status, outcome.CorrectedProtectedText, outcome.Reason, 0, 0, 0m, false, outcome.Latency, outcome.BatchId);

    private CorrectionResult Build(
        WaitingTarget waiting,
        CorrectionStatus status,
        string? correctedProtectedText,
        string? reason,
        long inputTokens,
        long outputTokens,
        decimal cost,
        bool cacheHit,
        TimeSpan latency,
        string? batchId)
    {
        var original = waiting.Target.Text;
        var corrected = original;
        if (status == CorrectionStatus.Corrected)
        {
            try
            {
                corrected = waiting.Protected.Restore(correctedProtectedText ?? "");
            }
            catch (PlaceholderMismatchException exception)
            {
                status = CorrectionStatus.Rejected;
                reason = exception.Message;
            }

            // A correction that restores to the very same text changed nothing a person would see.
            if (status == CorrectionStatus.Corrected && string.Equals(corrected, original, StringComparison.Ordinal))
            {
                status = CorrectionStatus.Unchanged;
            }
        }

        return new CorrectionResult(
            waiting.Target.EntityId, original, status == CorrectionStatus.Corrected ? corrected : original, status, reason,
            _provider, _model, CorrectionPrompt.PromptVersion, inputTokens, outputTokens, cost, cacheHit, latency, batchId);
    }
}
