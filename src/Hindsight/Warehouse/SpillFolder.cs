namespace Hindsight.Warehouse;

/// <summary>
/// The folder DuckDB spills to when an operator does not fit its memory limit (<c>temp_directory</c>). DuckDB deletes
/// its spill files when it closes; a process that was killed leaves them, and an empty folder is left either way.
/// </summary>
internal static class SpillFolder
{
    /// <summary>DuckDB names every spill file so (<c>duckdb_temp_storage_*.tmp</c>, <c>duckdb_temp_block-*.block</c>).</summary>
    private const string SpillFilePattern = "duckdb_temp_*";

    /// <summary>
    /// Deletes spill files a killed process left. Only DuckDB's own files: the folder may have been given by the
    /// caller, and anything else in it is not ours. Called while this process holds the write lock and before any
    /// statement has run, so no live spill file can be among them.
    /// </summary>
    public static void RemoveLeftovers(string folder)
    {
        try
        {
            if (!Directory.Exists(folder)) return;
            foreach (var file in Directory.EnumerateFiles(folder, SpillFilePattern)) File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Disk space left taken is not worth failing a run for; DuckDB reports a folder it cannot write.
        }
    }

    /// <summary>Removes the folder after the database closed, when nothing is left in it.</summary>
    public static void RemoveIfEmpty(string? folder)
    {
        if (folder is null) return;
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process may have started to spill into it in between: then it is theirs to clean.
        }
    }
}
