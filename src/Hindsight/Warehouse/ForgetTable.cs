namespace Hindsight.Warehouse;

/// <summary>
/// One table that <see cref="SourceForgetter"/> clears of a source's rows, and how its rows are tied to a source. A view
/// (<paramref name="IsView"/>) holds no rows of its own: it is listed so that the list names everything keyed by a file,
/// and is cleared with the tables it reads.
/// </summary>
public sealed record ForgetTable(string Name, ForgetKey KeyedBy, bool IsView = false)
{
    /// <summary>The condition naming the rows of the forgotten files (both temp tables are filled first).</summary>
    public string Where => KeyedBy == ForgetKey.FileId
        ? "file_id IN (SELECT file_id FROM forget_files)"
        : "entity_id IN (SELECT entity_id FROM forget_entities)";
}
