using DuckDB.NET.Data;
using Hindsight.Correction;
using Hindsight.Correction.Caching;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Correct;

/// <summary>
/// The correction cache, persistent in the warehouse (the seed's lived in memory for one run only).
/// Holds the model's answer with placeholders in place, never restored text, so a withheld secret is
/// never stored here either. Stores are buffered and written in chunks (one transaction each, no DDL);
/// lookups see buffered entries too. The results sink flushes this buffer before each chunk of results
/// it commits: a prompt settled in <c>corrections</c> is never targeted again, so its cache entry must be
/// durable first, or a crash between the two writes would lose the entry for good. An internal gate
/// makes that flush, which comes from the sink, safe beside the engine's own lookups and stores.
/// </summary>
public sealed class WarehouseCorrectionCache(WarehouseSession session, bool readOnly, int flushEntries = 1000) : ICorrectionCache, IDisposable
{
    private static readonly TableLayout<(CachedCorrection Entry, DateTimeOffset CreatedAt)> CacheRows =
        new TableLayout<(CachedCorrection Entry, DateTimeOffset CreatedAt)>("correction_cache")
            .Text("cache_key", r => r.Entry.Key)
            .Text("status", r => r.Entry.Status.ToName())
            .Text("corrected_protected_text", r => r.Entry.CorrectedProtectedText)
            .Text("reason", r => r.Entry.Reason)
            .Text("provider", r => r.Entry.Provider)
            .Text("model", r => r.Entry.Model)
            .Text("prompt_version", r => r.Entry.PromptVersion)
            .TimestampTz("created_at", r => r.CreatedAt);

    private readonly Dictionary<string, CachedCorrection> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask<IReadOnlyDictionary<string, CachedCorrection>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await LookupCoreAsync(keys, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, CachedCorrection>> LookupCoreAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CachedCorrection>(StringComparer.Ordinal);
        var stored = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            if (_pending.TryGetValue(key, out var entry)) found[key] = entry;
            else stored.Add(key);
        }
        if (stored.Count == 0) return found;
        await foreach (var row in session.StreamAsync("""
            SELECT cache_key, status, corrected_protected_text, reason, provider, model, prompt_version
            FROM correction_cache WHERE cache_key IN (SELECT unnest($keys))
            """, cancellationToken, new DuckDBParameter("keys", stored)))
        {
            var entry = new CachedCorrection(
                row.GetString("cache_key"), CorrectionStatusNames.Parse(row.GetString("status")), row.GetString("corrected_protected_text"),
                row.GetStringOrNull("reason"), row.GetString("provider"), row.GetString("model"), row.GetString("prompt_version"));
            found[entry.Key] = entry;
        }
        return found;
    }

    public async ValueTask StoreAsync(IReadOnlyList<CachedCorrection> entries, CancellationToken cancellationToken)
    {
        if (readOnly) return;
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            foreach (var entry in entries) _pending[entry.Key] = entry;
            if (_pending.Count >= flushEntries) await FlushCoreAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes buffered entries; never cancelled halfway, so a chunk is all in or all out.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await FlushCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0 || readOnly) return;
        using var transaction = session.BeginTransaction();
        await session.ExecuteAsync("DELETE FROM correction_cache WHERE cache_key IN (SELECT unnest($keys))", cancellationToken,
            new DuckDBParameter("keys", _pending.Keys.ToList()));
        using (var writer = session.Writer(CacheRows))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var entry in _pending.Values) writer.Append((entry, now));
        }
        transaction.Commit();
        _pending.Clear();
    }
}
