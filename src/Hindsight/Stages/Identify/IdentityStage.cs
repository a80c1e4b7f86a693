using System.Diagnostics;
using System.Text.Json.Nodes;
using Hindsight.Runs;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Identify;

/// <summary>
/// Stage 3, the gate: gives every session, non-duplicate message and content block a deterministic
/// entity id (see <see cref="EntityKeys"/> for the natural keys) and stores it in <c>entities</c>.
/// Only the sessions that files changed since the last run hold (or held) are computed again, whole, a slice of
/// sessions at a time (<see cref="IdentifiedFiles"/>); every other entity is left as it is. One transaction,
/// set-based SQL per slice: the ids are computed, checked by <see cref="IdentityGate"/>, then written as an upsert
/// keyed on the id, so a re-run on the same input changes no row. Entities whose source rows are gone (a replaced
/// file) are deleted in the same transaction; an entity whose source row moved keeps its id and its locator follows.
/// When the gate refuses, the stage throws <see cref="IdentityGateException"/> and nothing is committed.
/// </summary>
public sealed class IdentityStage : IIncrementalStage
{
    public int Number => 3;
    public string Name => "identity";

    /// <summary>The messages and blocks ids are made from, the id length, and the entities already stored.</summary>
    public Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken) =>
        inputs.SignatureAsync(
            IdentitySql.InputSignature,
            [context.Options.IdHexLength.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        int hexLength = context.Options.IdHexLength;
        if (hexLength is < 1 or > EntityKeys.MaxIdHexLength)
            throw new ArgumentOutOfRangeException(nameof(context), $"The id length must be between 1 and {EntityKeys.MaxIdHexLength} hex characters, not {hexLength}.");
        if (context.Warehouse is null)
            return new StageOutcome(StageStatus.Succeeded, 0, 0, 0, new JsonObject { ["summary"] = "dry run on a new database: nothing to identify" });

        bool dryRun = context.Options.DryRun;
        var warehouse = context.Warehouse;
        var session = warehouse.Session;
        var timings = new JsonObject();
        var clock = Stopwatch.StartNew();
        double buildMs = 0, gateMs = 0, writeMs = 0;

        using var transaction = session.BeginTransaction();
        bool ended = false;
        try
        {
            var files = new IdentifiedFiles(warehouse);
            var plan = await files.PlanAsync(hexLength, MessageRowsPerSlice, cancellationToken);
            var counts = await UntouchedCountsAsync(session, hexLength, cancellationToken);
            timings["plan_ms"] = Lap(clock);
            using var progress = context.Progress.BeginStage(Number, Name, plan.Slices.Count, "slices");
            long messageRows = 0, messageKeys = 0, idsChecked = 0;
            foreach (var slice in plan.Slices)
            {
                await files.BeginSliceAsync(slice, cancellationToken);
                await IdentityQuery.ExecuteAsync(session, IdentitySql.BuildMessages, hexLength, cancellationToken);
                await IdentityQuery.ExecuteAsync(session, IdentitySql.BuildCandidates, hexLength, cancellationToken);
                var (rows, keys) = await MessageRowsAsync(session, cancellationToken);
                messageRows += rows;
                messageKeys += keys;
                buildMs += Lap(clock);

                var gate = await IdentityGate.CheckAsync(session, hexLength, cancellationToken);
                idsChecked += gate.IdsChecked;
                gateMs += Lap(clock);
                if (!gate.Passed) throw new IdentityGateException(gate with { IdsChecked = idsChecked });

                await AddSliceCountsAsync(session, hexLength, counts, cancellationToken);
                if (!dryRun)
                {
                    await IdentityQuery.ExecuteAsync(session, IdentitySql.DeleteStale, hexLength, cancellationToken);
                    await IdentityQuery.ExecuteAsync(session, IdentitySql.Relocate, hexLength, cancellationToken);
                    await IdentityQuery.ExecuteAsync(session, IdentitySql.InsertNew, hexLength, cancellationToken, context.RunId);
                }
                await IdentityQuery.ExecuteAsync(session, IdentitySql.DropTemporary, hexLength, cancellationToken);
                writeMs += Lap(clock);
                progress.Advance(1);
            }
            if (!dryRun) await files.RememberAsync(hexLength, cancellationToken);
            await files.DropAsync(cancellationToken);
            if (dryRun) transaction.Rollback();
            else transaction.Commit();
            ended = true;
            writeMs += Lap(clock);
            timings["build_ms"] = Math.Round(buildMs, 1);
            timings["gate_ms"] = Math.Round(gateMs, 1);
            timings["write_ms"] = Math.Round(writeMs, 1);

            var metrics = Metrics(counts, messageRows, messageKeys, idsChecked, hexLength, dryRun);
            metrics["files_changed"] = plan.ChangedFiles;
            metrics["sessions_recomputed"] = plan.Sessions;
            metrics["slices"] = plan.Slices.Count;
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

    /// <summary>
    /// About this many message rows per slice (a session is never split): the slice's keys, a few hundred bytes a row
    /// with their content blocks, stay a few tens of megabytes.
    /// </summary>
    private const long MessageRowsPerSlice = 40_000;

    private static async Task<(long Rows, long Keys)> MessageRowsAsync(WarehouseSession session, CancellationToken cancellationToken) =>
        await session.ReadFirstAsync(IdentitySql.MessageRowCounts, row => (row.GetInt64("source_rows"), row.GetInt64("message_keys")), cancellationToken);

    private static readonly string[] EntityTypes = [EntityKeys.SessionType, EntityKeys.MessageType, EntityKeys.ContentBlockType, EntityKeys.TypedTextType];

    /// <summary>The entities of sessions this run does not compute again: candidates already present, as a full run would count them.</summary>
    private static async Task<Dictionary<string, EntityTypeCounts>> UntouchedCountsAsync(WarehouseSession session, int hexLength, CancellationToken cancellationToken)
    {
        var counts = EntityTypes.ToDictionary(t => t, _ => EntityTypeCounts.None);
        await IdentityQuery.ReadAsync(session, IdentitySql.UntouchedByType, hexLength,
            row => counts[row.GetString("entity_type")] = new EntityTypeCounts(row.GetInt64("entities"), row.GetInt64("entities"), 0, 0), cancellationToken);
        return counts;
    }

    /// <summary>Adds the slice's candidates, those already present or moved, and its stale entities.</summary>
    private static async Task AddSliceCountsAsync(WarehouseSession session, int hexLength, Dictionary<string, EntityTypeCounts> counts, CancellationToken cancellationToken)
    {
        await IdentityQuery.ReadAsync(session, IdentitySql.PresenceByType, hexLength, row =>
            {
                var type = row.GetString("entity_type");
                counts[type] = counts[type] with
                {
                    Candidates = counts[type].Candidates + row.GetInt64("candidates"),
                    Present = counts[type].Present + row.GetInt64("present"),
                    Relocated = counts[type].Relocated + row.GetInt64("relocated"),
                };
            },
            cancellationToken);
        await IdentityQuery.ReadAsync(session, IdentitySql.StaleByType, hexLength, row =>
            {
                var type = row.GetString("entity_type");
                counts[type] = counts[type] with { Removed = counts[type].Removed + row.GetInt64("stale") };
            },
            cancellationToken);
    }

    private static JsonObject Metrics(Dictionary<string, EntityTypeCounts> counts, long messageRows, long messageKeys, long idsChecked, int hexLength, bool dryRun)
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
        metrics["ids_checked"] = idsChecked;
        metrics["collisions"] = 0;
        metrics["id_hex_length"] = hexLength;
        metrics["dry_run"] = dryRun;

        var total = counts.Values;
        string verb = dryRun ? "dry run, would insert" : "inserted";
        metrics["summary"] =
            $"{counts[EntityKeys.SessionType].Candidates} sessions, {counts[EntityKeys.MessageType].Candidates} messages, {counts[EntityKeys.ContentBlockType].Candidates} blocks, {counts[EntityKeys.TypedTextType].Candidates} typed texts in tool results: " +
            $"{verb} {total.Sum(c => c.Inserted)}, {total.Sum(c => c.Present)} already present, {total.Sum(c => c.Removed)} {(dryRun ? "to remove" : "removed")}; {idsChecked} ids checked, no collision";
        return metrics;
    }

    private static double Lap(Stopwatch clock)
    {
        double ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        clock.Restart();
        return ms;
    }
}
