using Hindsight.Correction.Caching;
using Hindsight.Correction.Providers;

namespace Hindsight.Stages.Correct;

/// <summary>Removes the provider's key (and any long piece of it) from cache entries before they are stored.</summary>
public sealed class ProviderKeyScrubbingCache(ICorrectionCache inner, ApiKey key) : ICorrectionCache
{
    public ValueTask<IReadOnlyDictionary<string, CachedCorrection>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        inner.LookupAsync(keys, cancellationToken);

    public ValueTask StoreAsync(IReadOnlyList<CachedCorrection> entries, CancellationToken cancellationToken) =>
        inner.StoreAsync(entries.Select(e => e with
        {
            CorrectedProtectedText = key.Redact(e.CorrectedProtectedText),
            Reason = e.Reason is null ? null : key.Redact(e.Reason),
        }).ToList(), cancellationToken);
}
