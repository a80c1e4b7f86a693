using DuckDB.NET.Data;
using Hindsight.Correction;

namespace Hindsight.Stages.Staging;

/// <summary>
/// Writes results to <c>corrections</c> as they arrive, in chunks, one row per entity, and every result to
/// <c>correction_history</c>. A settled correction (corrected or unchanged) is a fact about what the person meant:
/// a later result replaces it only when that result is settled too (an explicit --recorrect); a rejected, failed or
/// skipped result never downgrades it, whatever provider, model or lack of one produced it. It is still kept in the
/// history, marked as not applied. Each chunk is one transaction, so an interrupted run keeps every chunk it
/// finished and resumes with the rest. <paramref name="beforeFlush"/> runs before each chunk is written (stage 4
/// flushes the correction cache there, so a settled result never reaches the table before its cache entry).
/// </summary>
public sealed class WarehouseCorrectionSink(DuckDBConnection connection, Guid runId, int chunkRows, Func<Task>? beforeFlush = null) : ICorrectionSink
{
    private readonly List<CorrectionResult> _pending = [];

    /// <summary>Results not written to <c>corrections</c> because they would have downgraded a settled row.</summary>
    public long KeptSettled { get; private set; }

    public async ValueTask WriteAsync(IReadOnlyList<CorrectionResult> results, CancellationToken cancellationToken)
    {
        _pending.AddRange(results);
        if (_pending.Count >= chunkRows) await FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes what is pending; never cancelled halfway, so a chunk is all in or all out.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;
        if (beforeFlush is not null) await beforeFlush();
        using var transaction = connection.BeginTransaction();
        var latest = _pending.GroupBy(r => r.EntityId).Select(g => g.Last()).ToList();
        var settled = await SettledAsync(latest.Where(r => !IsSettled(r.Status)).Select(r => r.EntityId).ToList(), cancellationToken);
        var applied = latest.Where(r => IsSettled(r.Status) || !settled.Contains(r.EntityId)).ToList();
        using (var delete = connection.CreateCommand())
        {
            // A later attempt replaces an earlier one: one row per entity.
            delete.CommandText = "DELETE FROM corrections WHERE entity_id IN (SELECT unnest($ids))";
            delete.Parameters.Add(new DuckDBParameter("ids", applied.Select(r => r.EntityId).ToList()));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var now = DateTimeOffset.UtcNow;
        using (var appender = connection.CreateAppender("corrections"))
        {
            foreach (var r in applied)
            {
                appender.CreateRow()
                    .AppendValue(r.EntityId).AppendValue(r.OriginalText).AppendValue(r.CorrectedText).AppendValue(r.Status.ToName())
                    .AppendValue(r.Reason).AppendValue(r.Provider).AppendValue(r.Model).AppendValue(r.PromptVersion)
                    .AppendValue(r.InputTokens).AppendValue(r.OutputTokens).AppendValue((double)r.CostUsd).AppendValue(r.CacheHit)
                    .AppendValue(r.Latency.TotalMilliseconds).AppendValue(r.BatchId).AppendValue(runId).AppendValue(now)
                    .EndRow();
            }
        }
        var appliedIds = applied.Select(r => r.EntityId).ToHashSet(StringComparer.Ordinal);
        using (var appender = connection.CreateAppender("correction_history"))
        {
            foreach (var r in latest)
            {
                appender.CreateRow()
                    .AppendValue(r.EntityId).AppendValue(r.Status.ToName()).AppendValue(r.Reason).AppendValue(r.OriginalText).AppendValue(r.CorrectedText)
                    .AppendValue(r.Provider).AppendValue(r.Model).AppendValue(r.PromptVersion)
                    .AppendValue(r.InputTokens).AppendValue(r.OutputTokens).AppendValue((double)r.CostUsd).AppendValue(r.CacheHit)
                    .AppendValue(r.BatchId).AppendValue(runId).AppendValue(now).AppendValue(appliedIds.Contains(r.EntityId))
                    .EndRow();
            }
        }
        transaction.Commit();
        KeptSettled += latest.Count - applied.Count;
        _pending.Clear();
    }

    private static bool IsSettled(CorrectionStatus status) => status is CorrectionStatus.Corrected or CorrectionStatus.Unchanged;

    private async Task<HashSet<string>> SettledAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT entity_id FROM corrections WHERE entity_id IN (SELECT unnest($ids)) AND status IN ('corrected', 'unchanged')";
        command.Parameters.Add(new DuckDBParameter("ids", ids));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
        return found;
    }
}
