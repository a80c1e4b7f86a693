using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// Cuts the warehouse's files into ranges of file ids holding about a given number of rows each, so that a
/// set-based statement can run a range at a time and its memory is bounded by the range, not by the corpus.
/// A file is never split. Statements take the range as <c>file_id BETWEEN $first AND $last</c>.
/// </summary>
public static class FileRanges
{
    /// <param name="countsByFile">A query returning (file_id, row count) in file id order.</param>
    public static async Task<List<(string First, string Last)>> ReadAsync(
        DuckDBConnection connection, string countsByFile, long rowsPerRange, CancellationToken cancellationToken)
    {
        var ranges = new List<(string First, string Last)>();
        using var command = connection.CreateCommand();
        command.CommandText = countsByFile;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long inRange = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var file = reader.GetString(0);
            if (ranges.Count == 0 || inRange >= rowsPerRange) { ranges.Add((file, file)); inRange = 0; }
            ranges[^1] = (ranges[^1].First, file);
            inRange += reader.GetInt64(1);
        }
        return ranges;
    }

    public static DuckDBParameter[] Bounds((string First, string Last) range) =>
        [new DuckDBParameter("first", range.First), new DuckDBParameter("last", range.Last)];
}
