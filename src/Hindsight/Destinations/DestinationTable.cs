namespace Hindsight.Destinations;

/// <summary>
/// A warehouse table (or view) as a destination receives it: its name, and the SQL expression (over the alias
/// <c>t</c>) that gives each row's event day, the UTC date destinations partition by; <c>null</c> for a table that is
/// small and has no event date, which is sent whole. <see cref="Raw"/> marks the raw archive, sent only when asked for.
/// <see cref="Slice"/>, for a view whose joins cannot hold the whole corpus within the memory limit, is the same rows
/// restricted to a slice of files (<c>$files</c>) and their lines (<c>$first_line</c> to <c>$last_line</c>): such a
/// table is read a slice at a time, as stage 5 builds it. <see cref="Where"/> (a constant condition) leaves rows out of
/// what destinations receive.
/// </summary>
public sealed record DestinationTable(string Name, string? EventDay, bool Raw = false, string? Slice = null, string? Where = null)
{
    public bool IsPartitioned => EventDay is not null;

    public bool IsSliced => Slice is not null;

    /// <summary>Rows that carry whole transcript texts or lines (the staged view, the raw archive): written in small buffers.</summary>
    public bool HasWideRows => IsSliced || Raw;
}
