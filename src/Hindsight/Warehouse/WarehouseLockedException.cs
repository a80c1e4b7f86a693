namespace Hindsight.Warehouse;

/// <summary>Another process holds the database: two runs must never interleave.</summary>
public sealed class WarehouseLockedException(string path, string holder, Exception inner)
    : Exception($"The warehouse {path} is in use by another process ({holder}). Wait for it to finish, or pass --wait SECONDS to queue behind it.", inner)
{
    public string DatabasePath { get; } = path;
}
