using DuckDB.NET.Data;

namespace Hindsight.Stages.Clean;

/// <summary>
/// One file's lines cut into consecutive ranges of line numbers, each of at most a number of lines and about a number
/// of bytes of transcript (a line is never split; a range ends once it reaches either bound). The bytes bound what a
/// statement over the range brings into memory: a line's blocks and raw text are at most its bytes, however few lines
/// carry them (one session of the benchmark's heavy corpus holds 499 MB in 10,000 lines, 50 KB a line, so 4,000 of
/// its lines were 200 MB). The ranges cover every line number: the first starts at the smallest and the last ends at
/// the largest possible, and each ends where the next starts, so a range never leaves a line out.
/// </summary>
internal static class LineParts
{
    /// <summary>
    /// The ranges of <paramref name="fileId"/>'s lines (of its unclassified lines only, when <paramref name="unclassifiedOnly"/>:
    /// the others are not read by the statement, so they do not count). A line's bytes run to the next stored line's
    /// offset, or to the end of what was ingested. One narrow query over the file's line numbers and offsets.
    /// </summary>
    public static async Task<List<SliceRows.RowRange>> CutAsync(
        Warehouse.Warehouse warehouse, string fileId, long linesPerPart, long bytesPerPart, bool unclassifiedOnly, CancellationToken cancellationToken)
    {
        var parts = new List<SliceRows.RowRange>();
        var fill = new PartFill(linesPerPart, bytesPerPart);
        await foreach (var row in warehouse.Session.StreamAsync(CleanSql.Slices.FileLines, cancellationToken,
            new DuckDBParameter("file", fileId), new DuckDBParameter("unclassified_only", unclassifiedOnly)))
        {
            long line = row.GetInt64("line_no");
            if (parts.Count == 0 || fill.IsFull) { parts.Add(new SliceRows.RowRange(line, line)); fill = fill.Empty; }
            parts[^1] = parts[^1] with { Last = line };
            fill = fill.Add(row.GetInt64("bytes"));
        }
        return Contiguous(parts);
    }

    /// <summary>Widens consecutive ranges so that together they cover every line number, each line in exactly one.</summary>
    internal static List<SliceRows.RowRange> Contiguous(List<SliceRows.RowRange> parts)
    {
        if (parts.Count == 0) return parts;
        parts[0] = parts[0] with { First = long.MinValue };
        parts[^1] = parts[^1] with { Last = long.MaxValue };
        for (int i = 1; i < parts.Count; i++) parts[i - 1] = parts[i - 1] with { Last = parts[i].First - 1 };
        return parts;
    }

    /// <summary>What a part holds so far, against its two bounds.</summary>
    internal readonly record struct PartFill(long LineLimit, long ByteLimit, long Lines = 0, long Bytes = 0)
    {
        public bool IsFull => Lines >= LineLimit || Bytes >= ByteLimit;
        public PartFill Empty => this with { Lines = 0, Bytes = 0 };
        public PartFill Add(long bytes) => this with { Lines = Lines + 1, Bytes = Bytes + bytes };
        public PartFill Add(long lines, long bytes) => this with { Lines = Lines + lines, Bytes = Bytes + bytes };
        /// <summary>Whether <paramref name="lines"/> and <paramref name="bytes"/> more would take a part that holds something past a bound.</summary>
        public bool WouldOverflow(long lines, long bytes) => (Lines > 0 || Bytes > 0) && (Lines + lines > LineLimit || Bytes + bytes > ByteLimit);
    }
}
