using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Which files stage 2 must derive again, and the slices it derives them in. A file is changed when its records
/// are not those it was last derived from (<c>derived_files</c>: their count and a hash of their line numbers and
/// run ids, so a file read again whole counts as changed even with the same line numbers), when it has no records
/// any more, or when the rules or prices it was derived with changed. Everything else is left as it is: an append
/// to one file derives that file again, plus the rows of other files that share its keys.
/// </summary>
public sealed class DerivedFiles(Warehouse.Warehouse warehouse)
{
    /// <summary>The table of files to derive, one slice (<see cref="SliceTable"/>) at a time.</summary>
    public const string SliceTable = "derive_slice";

    /// <summary>The condition naming a row of the current slice's files by its file id column.</summary>
    public static string InSlice(string fileIdColumn) => $"{fileIdColumn} IN (SELECT file_id FROM {SliceTable})";

    /// <param name="FileId">The file.</param>
    /// <param name="Records">Its records now (0 when it has none left).</param>
    /// <param name="Signature">What its records are now, stored once the file is derived (null: none left).</param>
    public sealed record ChangedFile(string FileId, long Records, string? Signature);

    /// <summary>
    /// The changed files in the order their records are stored (files without records last), cut into slices of about
    /// <paramref name="recordsPerSlice"/> records (<see cref="DeriveSlicer"/>): each slice's records then lie in one narrow
    /// range of row ids (<see cref="SliceRows"/>).
    /// </summary>
    public async Task<List<List<ChangedFile>>> ChangedSlicesAsync(string derivedWith, long recordsPerSlice, CancellationToken cancellationToken)
    {
        // One narrow scan of records (file_id, line_no, run_id) grouped by file: memory grows with the number of files, not lines.
        var files = await warehouse.Session.ReadAsync(CleanSql.Slices.ChangedFiles,
            row => new ChangedFile(row.GetString("file_id"), row.GetInt64("records"), row.GetStringOrNull("signature")), cancellationToken,
            new DuckDBParameter("derived_with", derivedWith));
        return DeriveSlicer.Cut(files, recordsPerSlice);
    }

    /// <summary>
    /// Fills <see cref="SliceTable"/> with the slice's files (inside the slice's transaction) and returns the row ids
    /// its records occupy, for statements that read their raw JSON (bound as <c>$first_record</c>, <c>$last_record</c>).
    /// </summary>
    public async Task<SliceRows.RowRange> BeginSliceAsync(IReadOnlyList<ChangedFile> slice, CancellationToken cancellationToken)
    {
        await SliceRows.FillAsync(warehouse, SliceTable, slice.Select(f => f.FileId).ToList(), cancellationToken);
        return await SliceRows.RangeAsync(warehouse, "records", SliceTable, SliceRows.AllLines, cancellationToken);
    }

    private static readonly TableLayout<(ChangedFile File, string DerivedWith)> Derived = new TableLayout<(ChangedFile File, string DerivedWith)>("derived_files")
        .Text("file_id", r => r.File.FileId)
        .Text("records_signature", r => r.File.Signature)
        .Text("derived_with", r => r.DerivedWith);

    /// <summary>Remembers what the slice's files were derived from, in the transaction that derived them.</summary>
    public async Task EndSliceAsync(IReadOnlyList<ChangedFile> slice, string derivedWith, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(CleanSql.Slices.ForgetDerived, cancellationToken);
        using (var writer = warehouse.Session.Writer(Derived))
        {
            foreach (var file in slice.Where(f => f.Signature is not null)) writer.Append((file, derivedWith));
        }
        await warehouse.ExecuteAsync(CleanSql.Slices.DropDerive, cancellationToken);
    }
}
