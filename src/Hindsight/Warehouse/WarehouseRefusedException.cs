namespace Hindsight.Warehouse;

/// <summary>
/// The path given as the warehouse names a file Hindsight must not write into: not a DuckDB file, a DuckDB
/// database without Hindsight's schema, or a warehouse made by a newer release. The file is left untouched;
/// the command line treats this as a usage error (the user named the wrong file or needs a newer release).
/// </summary>
public sealed class WarehouseRefusedException(string message) : Exception(message);
