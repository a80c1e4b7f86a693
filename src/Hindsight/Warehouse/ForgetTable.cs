namespace Hindsight.Warehouse;

/// <summary>One table that <see cref="SourceForgetter"/> clears of a source's rows, and how its rows are tied to a source.</summary>
/// <param name="IsView">A view over other tables: its rows are counted, and go with the rows of the tables it reads.</param>
public sealed record ForgetTable(string Name, ForgetKey KeyedBy, bool IsView = false)
{
    /// <summary>The condition naming the rows of the forgotten files (both temp tables are filled first).</summary>
    public string Where => KeyedBy == ForgetKey.FileId
        ? "file_id IN (SELECT file_id FROM forget_files)"
        : "entity_id IN (SELECT entity_id FROM forget_entities)";
}
