using System.Collections.Concurrent;

namespace Hindsight.Correction.Caching;

/// <summary>A thread-safe cache held in memory, for tests and for runs without a warehouse.</summary>
public sealed class InMemoryCorrectionCache : ICorrectionCache
{
    private readonly ConcurrentDictionary<string, CachedCorrection> _entries = new(StringComparer.Ordinal);

    /// <summary>The number of entries held.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, CachedCorrection>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new Dictionary<string, CachedCorrection>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                found[key] = entry;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, CachedCorrection>>(found);
    }

    /// <inheritdoc />
    public ValueTask StoreAsync(IReadOnlyList<CachedCorrection> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in entries)
        {
            _entries[entry.Key] = entry;
        }

        return ValueTask.CompletedTask;
    }
}
