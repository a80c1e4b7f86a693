using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>A transaction on one session: committed by <see cref="Commit"/>, rolled back when disposed without it.</summary>
public sealed class WarehouseTransaction : IDisposable
{
    private readonly DuckDBTransaction _transaction;

    internal WarehouseTransaction(DuckDBTransaction transaction) => _transaction = transaction;

    public void Commit()
    {
        try
        {
            _transaction.Commit();
        }
        catch (DuckDBException ex)
        {
            throw WarehouseSession.Mapped(ex);
        }
    }

    public void Dispose() => _transaction.Dispose();
}
