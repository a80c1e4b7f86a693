namespace Hindsight.Warehouse;

/// <summary>
/// The warehouse and manifest files a run would be the first to create. A first run that finds nothing (discovery's
/// NO-GO with no record) removes what it created, so trying Hindsight on the wrong folder leaves no empty warehouse
/// and no manifest behind; files that existed before the run are never removed.
/// </summary>
public sealed class FirstRunFiles
{
    private readonly string _database;
    private readonly string _manifest;
    private readonly bool _databaseExisted;
    private readonly bool _manifestExisted;

    private FirstRunFiles(string database, string manifest)
    {
        _database = Path.GetFullPath(database);
        _manifest = Path.GetFullPath(manifest);
        _databaseExisted = File.Exists(_database);
        _manifestExisted = File.Exists(_manifest);
    }

    /// <summary>True once <see cref="Remove"/> deleted a warehouse this run created.</summary>
    public bool RemovedWarehouse { get; private set; }

    /// <summary>Notes which of the two files exist before the run.</summary>
    public static FirstRunFiles Before(string database, string manifest) => new(database, manifest);

    /// <summary>Deletes what the run created (the warehouse only once it is closed), leaving anything that was there before.</summary>
    public void Remove()
    {
        if (!_databaseExisted)
        {
            RemovedWarehouse = Delete(_database);
            Delete(_database + ".wal");
            // The manifest goes only with the warehouse it describes: beside an existing warehouse it is that warehouse's record.
            if (!_manifestExisted) Delete(_manifest);
        }
    }

    private static bool Delete(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
