using DuckDB.NET.Data;
using Hindsight.Correction;
using Hindsight.Correction.Caching;

namespace Hindsight.Stages.Staging;

/// <summary>
/// The correction cache, persistent in the warehouse (the seed's lived in memory for one run only).
/// Holds the model's answer with placeholders in place, never restored text, so a withheld secret is
/// never stored here either. Stores are buffered and written in chunks (one transaction each, no DDL);
/// lookups see buffered entries too. The results sink flushes this buffer before each chunk of results
/// it commits: a prompt settled in <c>corrections</c> is never targeted again, so its cache entry must be
/// durable first, or a crash between the two writes would lose the entry for good. An internal gate
/// makes that flush, which comes from the sink, safe beside the engine's own lookups and stores.
/// </summary>
public sealed class WarehouseCorrectionCache(DuckDBConnection connection, bool readOnly, int flushEntries = 1000) : ICorrectionCache, IDisposable
{
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
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT cache_key, status, corrected_protected_text, reason, provider, model, prompt_version
            FROM correction_cache WHERE cache_key IN (SELECT unnest($keys))
            """;
        command.Parameters.Add(new DuckDBParameter("keys", stored));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = new CachedCorrection(
                reader.GetString(0), CorrectionStatusNames.Parse(reader.GetString(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6));
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
        using var transaction = connection.BeginTransaction();
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM correction_cache WHERE cache_key IN (SELECT unnest($keys))";
            delete.Parameters.Add(new DuckDBParameter("keys", _pending.Keys.ToList()));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        using (var appender = connection.CreateAppender("correction_cache"))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var e in _pending.Values)
            {
                appender.CreateRow().AppendValue(e.Key).AppendValue(e.Status.ToName()).AppendValue(e.CorrectedProtectedText)
                    .AppendValue(e.Reason).AppendValue(e.Provider).AppendValue(e.Model).AppendValue(e.PromptVersion).AppendValue(now).EndRow();
            }
        }
        transaction.Commit();
        _pending.Clear();
    }
}
