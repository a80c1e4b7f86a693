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
    /// <summary>The tables whose rows are keyed by file and line, as the writer fills them (<c>messages</c>: the records' classification).</summary>
    public static readonly IReadOnlyList<string> LineKeyedTables = ["records", "content_blocks", "dead_letters", "progress_copies", "messages"];

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
        var sql = new System.Text.StringBuilder(ExtractSql.KeepPositions);
        // A replaced file loses its old rows in the pass's first transaction for it: they are kept here until the decision.
        bool replaces = plans.Any(p => p.Mode == IngestMode.Replace);
        foreach (var table in LineKeyedTables) sql.Append(replaces ? ExtractSql.KeepReplacedRows(table) : ExtractSql.KeepNoRows(table));
        await warehouse.ExecuteAsync(sql.ToString(), cancellationToken);
        return new ExtractionUndo(warehouse);
    }

    /// <summary>Leaves the warehouse as it was before the pass (but for its inventory and profiles), in one transaction.</summary>
    public async Task UndoAsync(CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder();
        foreach (var table in LineKeyedTables) sql.Append(ExtractSql.RestoreRows(table));
        sql.Append(ExtractSql.RestorePositions);
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
            ExtractSql.DropUndoNotes + string.Join(" ", LineKeyedTables.Select(ExtractSql.DropReplacedRows)), cancellationToken);
}
