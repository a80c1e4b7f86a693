using Hindsight.Correction;
using Hindsight.Correction.Providers;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Removes the provider's key (and any long piece of it) from every result before it is stored: the caller already
/// scrubs what the provider sends back, and this is the last gate before <c>corrections</c>.
/// </summary>
public sealed class ProviderKeyScrubbingSink(ICorrectionSink inner, ApiKey key) : ICorrectionSink
{
    public ValueTask WriteAsync(IReadOnlyList<CorrectionResult> results, CancellationToken cancellationToken) =>
        inner.WriteAsync(results.Select(r => r with
        {
            OriginalText = key.Redact(r.OriginalText),
            CorrectedText = key.Redact(r.CorrectedText),
            Reason = r.Reason is null ? null : key.Redact(r.Reason),
            BatchId = r.BatchId is null ? null : key.Redact(r.BatchId),
        }).ToList(), cancellationToken);
}
