namespace Hindsight.Warehouse;

/// <summary>
/// A warehouse written by an older release must be rewritten into a new file before this release writes to it, and
/// the disk does not have room for the copy. Nothing was touched; the message says how much is missing.
/// </summary>
public sealed class WarehouseDiskSpaceException(string message) : Exception(message);
