using DuckDB.NET.Data;

namespace Hindsight.Stages.Clean;

/// <summary>
/// The files of one slice, kept in a temp table, and the row ids their rows occupy in a stored table. Stage 1 writes
/// a file's lines together, so a slice of files taken in storage order (<see cref="StorageOrder"/>) occupies one
/// narrow range of row ids: a scan filtered on that range skips every other vector before it decompresses a wide
/// column (records.raw, content_blocks.text). A file id condition alone cannot: file ids are hashes, scattered over
/// the whole table, so every slice read the wide column of every record. The range only narrows the scan; the
/// file id condition still decides which rows belong to the slice, so a file stored in pieces (appended in a later
/// run) costs a wider range, never a wrong row. Row ids are read inside the statement's snapshot, never kept across
/// a checkpoint (which may renumber the rows of a table with deletes).
/// </summary>
public static class SliceRows
{
    /// <summary>Orders files by where their records are stored (the first row id of each).</summary>
    public const string StorageOrder = "min(rowid)";

    /// <summary>Creates (or empties) <paramref name="sliceTable"/> and fills it with the slice's file ids.</summary>
    public static async Task FillAsync(Warehouse.Warehouse warehouse, string sliceTable, IReadOnlyCollection<string> fileIds, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(CleanSql.Slices.Create(sliceTable), cancellationToken);
        // A slice holds at most a few thousand file ids: bound as parameters, 500 a statement.
        foreach (var chunk in fileIds.Chunk(500))
        {
            await warehouse.Session.ExecuteAsync(CleanSql.Slices.InsertFiles(sliceTable, chunk.Length),
                cancellationToken, [.. chunk.Select((file, i) => new DuckDBParameter($"f{i}", file))]);
        }
    }

    /// <summary>Every line of a file, as a range of line numbers.</summary>
    public static readonly RowRange AllLines = new(long.MinValue, long.MaxValue);

    /// <summary>
    /// The first and last row id of the slice's rows in <paramref name="storedTable"/> (records or content_blocks)
    /// whose line numbers lie in <paramref name="lines"/>; an empty range when it has none. One scan of the narrow
    /// file_id and line_no columns.
    /// </summary>
    public static async Task<RowRange> RangeAsync(
        Warehouse.Warehouse warehouse, string storedTable, string sliceTable, RowRange lines, CancellationToken cancellationToken)
    {
        return (await warehouse.Session.ReadFirstAsync(CleanSql.Slices.RowRange(storedTable, sliceTable),
            row => new RowRange(row.GetInt64("first_row"), row.GetInt64("last_row")), cancellationToken, lines.Parameters("line")))!;
    }

    /// <summary>A range of row ids or line numbers, bound as <c>$first_{name}</c> and <c>$last_{name}</c> (fresh parameters for each command).</summary>
    public sealed record RowRange(long First, long Last)
    {
        public DuckDBParameter[] Parameters(string name) =>
            [new DuckDBParameter($"first_{name}", First), new DuckDBParameter($"last_{name}", Last)];
    }
}
