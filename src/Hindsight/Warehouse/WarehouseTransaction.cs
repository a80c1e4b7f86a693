using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>A transaction on one session: committed by <see cref="Commit"/>, rolled back by <see cref="Rollback"/> or when disposed without either.</summary>
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

    /// <summary>Rolls back now rather than at disposal: work after it on the same session (run tracking) then runs outside the transaction.</summary>
    public void Rollback()
    {
        try
        {
            _transaction.Rollback();
        }
        catch (DuckDBException ex)
        {
            throw WarehouseSession.Mapped(ex);
        }
    }

    public void Dispose() => _transaction.Dispose();
}
