using DuckDB.NET.Data;
using Hindsight.Correction;
using Hindsight.Correction.Caching;

namespace Hindsight.Stages.Staging;

/// <summary>
/// The correction cache, persistent in the warehouse (the seed's lived in memory for one run only).
/// Holds the model's answer with placeholders in place, never restored text, so a withheld secret is
/// never stored here either. Uses its own connection so lookups never disturb the sink's writes.
/// </summary>
public sealed class WarehouseCorrectionCache(DuckDBConnection connection, bool readOnly) : ICorrectionCache
{
    public async ValueTask<IReadOnlyDictionary<string, CachedCorrection>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CachedCorrection>(StringComparer.Ordinal);
        if (keys.Count == 0) return found;
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT cache_key, status, corrected_protected_text, reason, provider, model, prompt_version
            FROM correction_cache WHERE cache_key IN (SELECT unnest($keys))
            """;
        command.Parameters.Add(new DuckDBParameter("keys", keys.ToList()));
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
        if (entries.Count == 0 || readOnly) return;
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE OR REPLACE TEMP TABLE cache_incoming AS SELECT * FROM correction_cache LIMIT 0";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        using (var appender = connection.CreateAppender("cache_incoming"))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var e in entries.DistinctBy(e => e.Key))
            {
                appender.CreateRow().AppendValue(e.Key).AppendValue(e.Status.ToName()).AppendValue(e.CorrectedProtectedText)
                    .AppendValue(e.Reason).AppendValue(e.Provider).AppendValue(e.Model).AppendValue(e.PromptVersion).AppendValue(now).EndRow();
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                DELETE FROM correction_cache WHERE cache_key IN (SELECT cache_key FROM cache_incoming);
                INSERT INTO correction_cache SELECT * FROM cache_incoming;
                DROP TABLE cache_incoming;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        transaction.Commit();
    }
}
