using DuckDB.NET.Data;
using Hindsight.Correction;

namespace Hindsight.Stages.Staging;

/// <summary>
/// Writes results to <c>corrections</c> as they arrive, in chunks, one row per entity (a later attempt
/// replaces an earlier one). Each chunk is one transaction, so an interrupted run keeps every chunk it
/// finished and resumes with the rest. <paramref name="beforeFlush"/> runs before each chunk is written (stage 4
/// flushes the correction cache there, so a settled result never reaches the table before its cache entry).
/// </summary>
public sealed class WarehouseCorrectionSink(DuckDBConnection connection, Guid runId, int chunkRows, Func<Task>? beforeFlush = null) : ICorrectionSink
{
    private readonly List<CorrectionResult> _pending = [];

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
        using (var delete = connection.CreateCommand())
        {
            // A later attempt replaces an earlier one: one row per entity.
            delete.CommandText = "DELETE FROM corrections WHERE entity_id IN (SELECT unnest($ids))";
            delete.Parameters.Add(new DuckDBParameter("ids", _pending.Select(r => r.EntityId).Distinct().ToList()));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        using (var appender = connection.CreateAppender("corrections"))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var r in _pending.GroupBy(r => r.EntityId).Select(g => g.Last()))
            {
                appender.CreateRow()
                    .AppendValue(r.EntityId).AppendValue(r.OriginalText).AppendValue(r.CorrectedText).AppendValue(r.Status.ToName())
                    .AppendValue(r.Reason).AppendValue(r.Provider).AppendValue(r.Model).AppendValue(r.PromptVersion)
                    .AppendValue(r.InputTokens).AppendValue(r.OutputTokens).AppendValue((double)r.CostUsd).AppendValue(r.CacheHit)
                    .AppendValue(r.Latency.TotalMilliseconds).AppendValue(r.BatchId).AppendValue(runId).AppendValue(now)
                    .EndRow();
            }
        }
        transaction.Commit();
        _pending.Clear();
    }
}
