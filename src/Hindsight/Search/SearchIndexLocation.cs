namespace Hindsight.Search;

/// <summary>
/// Where a warehouse's search index lives: a folder beside the database, named after it (<c>hindsight.duckdb</c> →
/// <c>hindsight.search/</c>), so two warehouses in one folder keep their own index, as they keep their own manifest.
/// </summary>
public static class SearchIndexLocation
{
    public static string ForDatabase(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(full) + ".search");
    }
}
