namespace Hindsight.Warehouse;

/// <summary>
/// A statement DuckDB refused or could not finish, with DuckDB's own message (which names no secret: statements bind
/// values as parameters). <see cref="IsTransient"/> is true for what a retry of the same work may get past (a write
/// conflict between two connections, a lock held by another process); everything else is terminal.
/// </summary>
public sealed class WarehouseQueryException(string message, bool isTransient, Exception inner) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
