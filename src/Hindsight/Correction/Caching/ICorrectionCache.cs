namespace Hindsight.Correction.Caching;

/// <summary>
/// A persistent store of settled answers (corrected, unchanged, rejected), keyed by <see cref="CorrectionCacheKey"/>.
/// The engine never calls it concurrently with itself, and looks up and stores in groups so that a database-backed
/// cache can answer with one query. An entry stored must be visible to every later lookup of the same run.
/// </summary>
public interface ICorrectionCache
{
    /// <summary>Returns the entries found among <paramref name="keys"/>; absent keys are simply missing from the result.</summary>
    ValueTask<IReadOnlyDictionary<string, CachedCorrection>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Stores settled answers; storing a key again replaces its entry.</summary>
    ValueTask StoreAsync(IReadOnlyList<CachedCorrection> entries, CancellationToken cancellationToken);
}
