using System.Diagnostics;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hindsight.Runs;
using Hindsight.Stages.Identity;

namespace Hindsight.Stages;

/// <summary>
/// Stage 3, the gate: gives every session, non-duplicate message and content block a deterministic
/// entity id (see <see cref="EntityKeys"/> for the natural keys) and stores it in <c>entities</c>.
/// One transaction, set-based SQL: the ids are computed, checked by <see cref="IdentityGate"/>, then
/// written as an upsert keyed on the id, so a re-run on the same input changes no row. Entities whose
/// source rows are gone (a replaced file) are deleted in the same transaction; an entity whose source
/// row moved keeps its id and its locator follows. When the gate refuses, the stage throws
/// <see cref="IdentityGateException"/> and nothing is committed.
/// </summary>
public sealed class IdentityStage : IIncrementalStage
{
    public int Number => 3;
    public string Name => "identity";

    /// <summary>The messages and blocks ids are made from, the id length, and the entities already stored.</summary>
    public Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken) =>
        inputs.SignatureAsync(
            [
                "SELECT count(*), sum(hash(file_id, line_no, session_id, uuid, record_type, is_duplicate, ingest_run_id)) FROM messages",
                "SELECT count(*), sum(hash(entity_id, file_id, line_no)) FROM entities",
            ],
            [context.Options.IdHexLength.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        int hexLength = context.Options.IdHexLength;
        if (hexLength is < 1 or > EntityKeys.MaxIdHexLength)
            throw new ArgumentOutOfRangeException(nameof(context), $"The id length must be between 1 and {EntityKeys.MaxIdHexLength} hex characters, not {hexLength}.");
        if (context.Warehouse is null)
            return new StageOutcome(StageStatus.Succeeded, 0, 0, 0, new JsonObject { ["summary"] = "dry run on a new database: nothing to identify" });

        bool dryRun = context.Options.DryRun;
        var connection = context.Warehouse.Connection;
        using var progress = context.Progress.BeginStage(Number, Name, 3, "steps");
        var timings = new JsonObject();
        var clock = Stopwatch.StartNew();

        using var transaction = connection.BeginTransaction();
        bool ended = false;
        try
        {
            await IdentityQuery.ExecuteAsync(connection, IdentitySql.BuildMessages, hexLength, cancellationToken);
            await IdentityQuery.ExecuteAsync(connection, IdentitySql.BuildCandidates, hexLength, cancellationToken);
            var (messageRows, messageKeys) = await MessageRowsAsync(connection, cancellationToken);
            timings["build_ms"] = Lap(clock);
            progress.Advance(1);

            var gate = await IdentityGate.CheckAsync(connection, hexLength, cancellationToken);
            timings["gate_ms"] = Lap(clock);
            progress.Advance(1);
            if (!gate.Passed) throw new IdentityGateException(gate);

            var counts = await CountsAsync(connection, hexLength, cancellationToken);
            if (!dryRun)
            {
                await IdentityQuery.ExecuteAsync(connection, IdentitySql.DeleteStale, hexLength, cancellationToken);
                await IdentityQuery.ExecuteAsync(connection, IdentitySql.Relocate, hexLength, cancellationToken);
                await IdentityQuery.ExecuteAsync(connection, IdentitySql.InsertNew, hexLength, cancellationToken, context.RunId);
            }
            await IdentityQuery.ExecuteAsync(connection, IdentitySql.DropTemporary, hexLength, cancellationToken);
            if (dryRun) transaction.Rollback();
            else transaction.Commit();
            ended = true;
            timings["write_ms"] = Lap(clock);
            progress.Advance(1);

            var metrics = Metrics(counts, messageRows, messageKeys, gate, hexLength, dryRun);
            foreach (var (name, value) in timings) metrics[name] = value?.DeepClone();
            long inserted = counts.Values.Sum(c => c.Inserted);
            return new StageOutcome(StageStatus.Succeeded, messageRows, dryRun ? 0 : inserted, 0, metrics);
        }
        catch
        {
            // Explicit, so that run tracking (on this same connection) writes outside the aborted transaction.
            if (!ended) transaction.Rollback();
            throw;
        }
    }

    private static async Task<(long Rows, long Keys)> MessageRowsAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        (long, long) result = (0, 0);
        await IdentityQuery.ReadAsync(connection, IdentitySql.MessageRowCounts, EntityKeys.DefaultIdHexLength,
            reader => result = (reader.GetInt64(0), reader.GetInt64(1)), cancellationToken);
        return result;
    }

    private static async Task<Dictionary<string, EntityTypeCounts>> CountsAsync(DuckDBConnection connection, int hexLength, CancellationToken cancellationToken)
    {
        var counts = new[] { EntityKeys.SessionType, EntityKeys.MessageType, EntityKeys.ContentBlockType, EntityKeys.TypedTextType }.ToDictionary(t => t, _ => EntityTypeCounts.None);
        await IdentityQuery.ReadAsync(connection, IdentitySql.PresenceByType, hexLength,
            reader => counts[reader.GetString(0)] = counts[reader.GetString(0)] with { Candidates = reader.GetInt64(1), Present = reader.GetInt64(2), Relocated = reader.GetInt64(3) },
            cancellationToken);
        await IdentityQuery.ReadAsync(connection, IdentitySql.StaleByType, hexLength,
            reader => counts[reader.GetString(0)] = counts[reader.GetString(0)] with { Removed = reader.GetInt64(1) },
            cancellationToken);
        return counts;
    }

    private static JsonObject Metrics(Dictionary<string, EntityTypeCounts> counts, long messageRows, long messageKeys, IdentityGateReport gate, int hexLength, bool dryRun)
    {
        var metrics = new JsonObject();
        foreach (var (type, prefix) in new[] { (EntityKeys.SessionType, "sessions"), (EntityKeys.MessageType, "messages"), (EntityKeys.ContentBlockType, "blocks"), (EntityKeys.TypedTextType, "typed_texts") })
        {
            metrics[$"{prefix}_inserted"] = counts[type].Inserted;
            metrics[$"{prefix}_present"] = counts[type].Present;
            metrics[$"{prefix}_removed"] = counts[type].Removed;
            metrics[$"{prefix}_relocated"] = counts[type].Relocated;
        }
        metrics["message_rows"] = messageRows;
        metrics["message_rows_sharing_a_key"] = messageRows - messageKeys;
        metrics["ids_checked"] = gate.IdsChecked;
        metrics["collisions"] = gate.CollidingIds + gate.StoredCollisions;
        metrics["id_hex_length"] = hexLength;
        metrics["dry_run"] = dryRun;

        var total = counts.Values;
        string verb = dryRun ? "dry run, would insert" : "inserted";
        metrics["summary"] =
            $"{counts[EntityKeys.SessionType].Candidates} sessions, {counts[EntityKeys.MessageType].Candidates} messages, {counts[EntityKeys.ContentBlockType].Candidates} blocks, {counts[EntityKeys.TypedTextType].Candidates} typed texts in tool results: " +
            $"{verb} {total.Sum(c => c.Inserted)}, {total.Sum(c => c.Present)} already present, {total.Sum(c => c.Removed)} {(dryRun ? "to remove" : "removed")}; {gate.IdsChecked} ids checked, no collision";
        return metrics;
    }

    private static double Lap(Stopwatch clock)
    {
        double ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        clock.Restart();
        return ms;
    }
}
