using DuckDB.NET.Data;
using Hindsight.Correction;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Writes results to <c>corrections</c> as they arrive, in chunks, one row per entity, and every result to
/// <c>correction_history</c>. A settled correction (corrected or unchanged) is a fact about what the person meant:
/// a later result replaces it only when that result is settled too (an explicit --recorrect); a rejected, failed or
/// skipped result never downgrades it, whatever provider, model or lack of one produced it. It is still kept in the
/// history, marked as not applied. Each chunk is one transaction, so an interrupted run keeps every chunk it
/// finished and resumes with the rest. <paramref name="beforeFlush"/> runs before each chunk is written (stage 4
/// flushes the correction cache there, so a settled result never reaches the table before its cache entry).
/// </summary>
public sealed class WarehouseCorrectionSink(WarehouseSession session, Guid runId, int chunkRows, Func<Task>? beforeFlush = null) : ICorrectionSink
{
    /// <summary>A result as <c>corrections</c> and <c>correction_history</c> store it, with the chunk's run, time and whether it was applied.</summary>
    private readonly record struct ResultRow(CorrectionResult Result, Guid RunId, DateTimeOffset At, bool Applied);

    private static readonly TableLayout<ResultRow> Corrections = new TableLayout<ResultRow>("corrections")
        .Text("entity_id", r => r.Result.EntityId)
        .Text("original_text", r => r.Result.OriginalText)
        .Text("corrected_text", r => r.Result.CorrectedText)
        .Text("status", r => r.Result.Status.ToName())
        .Text("reason", r => r.Result.Reason)
        .Text("provider", r => r.Result.Provider)
        .Text("model", r => r.Result.Model)
        .Text("prompt_version", r => r.Result.PromptVersion)
        .BigInt("input_tokens", r => r.Result.InputTokens)
        .BigInt("output_tokens", r => r.Result.OutputTokens)
        .Double("cost_usd", r => (double)r.Result.CostUsd)
        .Boolean("cache_hit", r => r.Result.CacheHit)
        .Double("latency_ms", r => r.Result.Latency.TotalMilliseconds)
        .Text("batch_id", r => r.Result.BatchId)
        .Uuid("run_id", r => r.RunId)
        .TimestampTz("settled_at", r => r.At);

    private static readonly TableLayout<ResultRow> History = new TableLayout<ResultRow>("correction_history")
        .Text("entity_id", r => r.Result.EntityId)
        .Text("status", r => r.Result.Status.ToName())
        .Text("reason", r => r.Result.Reason)
        .Text("original_text", r => r.Result.OriginalText)
        .Text("corrected_text", r => r.Result.CorrectedText)
        .Text("provider", r => r.Result.Provider)
        .Text("model", r => r.Result.Model)
        .Text("prompt_version", r => r.Result.PromptVersion)
        .BigInt("input_tokens", r => r.Result.InputTokens)
        .BigInt("output_tokens", r => r.Result.OutputTokens)
        .Double("cost_usd", r => (double)r.Result.CostUsd)
        .Boolean("cache_hit", r => r.Result.CacheHit)
        .Text("batch_id", r => r.Result.BatchId)
        .Uuid("run_id", r => r.RunId)
        .TimestampTz("settled_at", r => r.At)
        .Boolean("applied", r => r.Applied);

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
        using var transaction = session.BeginTransaction();
        var latest = _pending.GroupBy(r => r.EntityId).Select(g => g.Last()).ToList();
        var settled = await SettledAsync(latest.Where(r => !IsSettled(r.Status)).Select(r => r.EntityId).ToList(), cancellationToken);
        var applied = latest.Where(r => IsSettled(r.Status) || !settled.Contains(r.EntityId)).ToList();
        // A later attempt replaces an earlier one: one row per entity.
        await session.ExecuteAsync("DELETE FROM corrections WHERE entity_id IN (SELECT unnest($ids))", cancellationToken,
            new DuckDBParameter("ids", applied.Select(r => r.EntityId).ToList()));
        var now = DateTimeOffset.UtcNow;
        using (var writer = session.Writer(Corrections))
        {
            foreach (var r in applied) writer.Append(new ResultRow(r, runId, now, Applied: true));
        }
        var appliedIds = applied.Select(r => r.EntityId).ToHashSet(StringComparer.Ordinal);
        using (var writer = session.Writer(History))
        {
            foreach (var r in latest) writer.Append(new ResultRow(r, runId, now, appliedIds.Contains(r.EntityId)));
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
        await foreach (var row in session.StreamAsync(
            $"SELECT entity_id FROM corrections WHERE entity_id IN (SELECT unnest($ids)) AND status IN ({CorrectionTargetReader.Kept})", cancellationToken,
            new DuckDBParameter("ids", ids)))
        {
            found.Add(row.GetString("entity_id"));
        }
        return found;
    }
}
