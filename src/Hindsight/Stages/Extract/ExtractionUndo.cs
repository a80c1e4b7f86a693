using DuckDB.NET.Data;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Takes back what one extraction pass committed, for a run whose discovery decides NO-GO only once the pass has read
/// every changed file (stage 0 profiles in stage 1's read; stage 1 commits in batches, for crash safety and memory).
/// Before the pass it notes each planned file's read position and block fingerprints, and keeps the rows of files the
/// pass will replace; <see cref="UndoAsync"/> then removes the pass's rows (those at or after each file's first read
/// line), puts the replaced rows back and restores the positions, in one transaction. The notes are temporary tables
/// of this connection: a crash loses them, and leaves what a crash during extraction always left (a consistent
/// warehouse that resumes where its last transaction stopped).
/// </summary>
public sealed class ExtractionUndo
{
    /// <summary>The tables whose rows are keyed by file and line, as the writer fills them.</summary>
    public static readonly IReadOnlyList<string> LineKeyedTables = ["records", "content_blocks", "dead_letters", "progress_copies"];

    private const string PositionColumns = """
        ingested_offset, ingested_lines, head_sha256, boundary_sha256, ingested_size, ingested_mtime,
        partial_tail_bytes, generation, last_ingested_run, last_ingest_error
        """;

    /// <summary>Where each file's new lines start in this pass, and whether the pass replaces the file whole.</summary>
    private static readonly Warehouse.TableLayout<FileIngestPlan> UndoPlans = new Warehouse.TableLayout<FileIngestPlan>("undo_plans")
        .Text("file_id", p => p.File.FileId)
        .BigInt("start_line", p => p.StartLine)
        .Boolean("replaces", p => p.Mode == IngestMode.Replace);

    private readonly Warehouse.Warehouse _warehouse;

    private ExtractionUndo(Warehouse.Warehouse warehouse) => _warehouse = warehouse;

    public static async Task<ExtractionUndo> PrepareAsync(Warehouse.Warehouse warehouse, IReadOnlyList<FileIngestPlan> plans, CancellationToken cancellationToken)
    {
        await warehouse.Session.ExecuteAsync(UndoPlans.CreateTempTableSql, cancellationToken);
        using (var writer = warehouse.Session.Writer(UndoPlans)) writer.AppendAll(plans);
        var sql = new System.Text.StringBuilder($"""
            CREATE OR REPLACE TEMP TABLE undo_positions AS
                SELECT file_id, {PositionColumns} FROM files WHERE file_id IN (SELECT file_id FROM undo_plans);
            CREATE OR REPLACE TEMP TABLE undo_file_blocks AS
                SELECT * FROM file_blocks WHERE file_id IN (SELECT file_id FROM undo_plans);
            """);
        // A replaced file loses its old rows in the pass's first transaction for it: they are kept here until the decision.
        foreach (var table in LineKeyedTables)
            sql.Append($"CREATE OR REPLACE TEMP TABLE undo_{table} AS SELECT * FROM {table} WHERE file_id IN (SELECT file_id FROM undo_plans WHERE replaces);\n");
        await warehouse.ExecuteAsync(sql.ToString(), cancellationToken);
        return new ExtractionUndo(warehouse);
    }

    /// <summary>Leaves the warehouse as it was before the pass (but for its inventory and profiles), in one transaction.</summary>
    public async Task UndoAsync(CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder();
        foreach (var table in LineKeyedTables)
        {
            sql.Append($"""
                DELETE FROM {table} WHERE EXISTS (
                    SELECT 1 FROM undo_plans p WHERE p.file_id = {table}.file_id AND {table}.line_no >= p.start_line);
                INSERT INTO {table} SELECT * FROM undo_{table};

                """);
        }
        // Blocks the pass added go; the ones it extended get their old hash back (an upsert: a key deleted and inserted
        // again in one transaction is refused by DuckDB's unique index).
        sql.Append($"""
            DELETE FROM file_blocks WHERE file_id IN (SELECT file_id FROM undo_plans) AND NOT EXISTS (
                SELECT 1 FROM undo_file_blocks u WHERE u.file_id = file_blocks.file_id AND u.block_index = file_blocks.block_index);
            INSERT OR REPLACE INTO file_blocks SELECT * FROM undo_file_blocks;
            UPDATE files SET ingested_offset = p.ingested_offset, ingested_lines = p.ingested_lines, head_sha256 = p.head_sha256,
                boundary_sha256 = p.boundary_sha256, ingested_size = p.ingested_size, ingested_mtime = p.ingested_mtime,
                partial_tail_bytes = p.partial_tail_bytes, generation = p.generation, last_ingested_run = p.last_ingested_run,
                last_ingest_error = p.last_ingest_error
            FROM undo_positions p WHERE files.file_id = p.file_id;
            """);
        using (var transaction = _warehouse.Session.BeginTransaction())
        {
            await _warehouse.ExecuteAsync(sql.ToString(), cancellationToken);
            transaction.Commit();
        }
        await DiscardAsync(cancellationToken);
    }

    /// <summary>Drops the notes: the pass stands.</summary>
    public async Task DiscardAsync(CancellationToken cancellationToken) =>
        await _warehouse.ExecuteAsync(
            "DROP TABLE IF EXISTS undo_plans; DROP TABLE IF EXISTS undo_positions; DROP TABLE IF EXISTS undo_file_blocks; "
            + string.Join(" ", LineKeyedTables.Select(t => $"DROP TABLE IF EXISTS undo_{t};")), cancellationToken);
}
