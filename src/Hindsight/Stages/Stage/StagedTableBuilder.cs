using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Stage;

/// <summary>
/// Keeps the seed's staged table <c>claude_code_stage_4</c> current. The table is a view (migration 11): its texts are
/// read from where they are stored once, redacted (messages, corrections, content blocks), through the table macro
/// <c>claude_code_stage_4_content</c>; only <c>claude_code_stage_4_rows</c> is written here, one narrow row per staged
/// entity: the fingerprint of its content, and when and by which run that content was staged. A row whose fingerprint
/// is unchanged is left alone (with its created_at and run id), a changed one is replaced, and rows of entities that
/// are gone are removed. Nothing else is copied, and only the content of files whose inputs changed is read
/// (<see cref="StagedFiles"/>), so an append reads one file's content and writes a few rows.
/// </summary>
/// <param name="sliceEntities">
/// About how many message entities each statement reads. Each statement also scans the narrow columns of every table,
/// so fewer, larger ranges cost less: restaging every file on copies of the benchmark's warehouses, 5,000 -> 20,000
/// took the seed corpus 1.04-1.10 -> 0.86-0.94 s (DuckDB's peak 113 -> 132 MB) and the heavy one 4.9-5.3 -> 4.2-4.5 s;
/// at `--memory-limit 128MB` the heavy corpus passes with either (5.0 s and 5.3 s). <paramref name="sliceBytes"/>
/// bounds a range of large lines whatever its count.
/// </param>
/// <param name="sliceBytes">
/// About how many bytes of transcript lines each statement reads the texts of: what bounds its joins' memory. At 64 MB the
/// heavy benchmark corpus (a 499 MB session among 2.3 GB) is staged within a 128 MB memory limit; smaller slices fit too
/// but cost more, since each statement scans the narrow columns of every table (16 MB: 36 CPU-s, 64 MB: 21 CPU-s).
/// </param>
public sealed class StagedTableBuilder(Warehouse.Warehouse warehouse, long sliceEntities = 20_000, long sliceBytes = 64L << 20)
{
    /// <summary>Fingerprints every file's staged rows again and replaces those that changed.</summary>
    public Task<(long Inserted, long Removed, long Total)> RunAsync(Guid runId, CancellationToken cancellationToken) =>
        RunAsync(runId, onlyChangedFiles: false, cancellationToken);

    /// <summary>
    /// Fingerprints the staged rows of the files whose inputs changed since they were last staged (every file unless
    /// <paramref name="onlyChangedFiles"/>), replaces the rows whose fingerprint changed, and removes the rows of
    /// entities that are gone.
    /// </summary>
    public async Task<(long Inserted, long Removed, long Total)> RunAsync(Guid runId, bool onlyChangedFiles, CancellationToken cancellationToken)
    {
        // One DuckDB thread, set outside the transaction so that it is put back however the transaction ends: each
        // thread of a statement keeps its own scan buffers and hash tables for the view's eight joins, whatever a range
        // holds. On the heavy benchmark corpus a range of 35 files and 974 rows needed more than 80 MB with two threads
        // and ran in 64 MB with one (0.21 s, against 0.37 s with two at 128 MB); with two the stage failed out of memory
        // at `--memory-limit 128MB` (its cold run, and 9 of 10 runs of the stage on copies of that warehouse), with one
        // it passed (6 of 6, 4.7-6.9 s). The price at the default 256 MB, in the benchmark's cold runs: 0.74 -> 1.12 s
        // on the seed corpus, 3.9 -> 5.0 s on the heavy one.
        var oneThread = await SettingOverrides.ApplyAsync(warehouse, [("threads", 1)], cancellationToken);
        bool staged = false;
        try
        {
            var result = await StageAsync(runId, onlyChangedFiles, cancellationToken);
            staged = true;
            return result;
        }
        finally
        {
            await oneThread.RestoreAsync(afterFailure: !staged);
        }
    }

    private async Task<(long Inserted, long Removed, long Total)> StageAsync(Guid runId, bool onlyChangedFiles, CancellationToken cancellationToken)
    {
        var redaction = new DuckDBParameter("redaction", Secrets.SecretRedactor.Version);
        var files = new StagedFiles(warehouse);
        using var transaction = warehouse.Session.BeginTransaction();
        await files.FindChangedAsync(all: !onlyChangedFiles, cancellationToken);
        // A range of changed files at a time (a large file in ranges of its lines): each statement's joins work on a slice, not the corpus.
        var slices = await files.ChangedRangesAsync(sliceEntities, sliceBytes, cancellationToken);
        // Fingerprints only (an id and a hash a row): the texts are hashed as they are read, never held.
        await warehouse.ExecuteAsync(StagingSql.CreateFingerprints, cancellationToken);
        foreach (var slice in slices)
        {
            await warehouse.ExecuteAsync(StagingSql.InsertFingerprints, cancellationToken,
                [redaction, .. slice.Bounds()]);
        }
        // Rows whose content changed and rows of entities that are gone go; then every fingerprinted entity not staged comes.
        long removed = await warehouse.ExecuteAsync(StagingSql.RemoveChangedRows, cancellationToken);
        removed += await warehouse.ExecuteAsync(StagingSql.RemoveGoneRows, cancellationToken);
        long inserted = await warehouse.ExecuteAsync(StagingSql.InsertNewRows, cancellationToken, new DuckDBParameter("run", runId));
        await warehouse.ExecuteAsync(StagingSql.DropFingerprints, cancellationToken);
        await files.RememberAsync(cancellationToken);
        var total = await CountAsync(warehouse, cancellationToken);
        transaction.Commit();
        return (inserted, removed, total);
    }

    /// <summary>Rows of the staged table, counted on its narrow table (the view holds exactly these rows after a build).</summary>
    public static async Task<long> CountAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken) =>
        Convert.ToInt64(await warehouse.ScalarAsync(StagingSql.CountStaged, cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
}
