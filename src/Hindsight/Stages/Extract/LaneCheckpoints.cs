namespace Hindsight.Stages.Extract;

/// <summary>
/// Checkpoints between stage 1's transactions. DuckDB skips its automatic checkpoint while another connection has a
/// transaction open, and with a lane per core one always has: the log, and the rows not yet written to the database
/// file (held in DuckDB's memory, or spilled beside the warehouse), then grew with the corpus, to 386 MB of log at seed
/// scale and 3.4 GB at heavy scale, checkpointed only when the stage ended. Each lane holds a turn for the length of a
/// transaction; once the log passes <paramref name="walBytes"/>, the lane that has just committed takes every turn,
/// which waits for the other lanes' transactions to commit and holds their next ones back, checkpoints, and hands the
/// turns back. A failed lane rolls back and returns its turn, so nobody waits for it.
/// </summary>
public sealed class LaneCheckpoints(Warehouse.Warehouse warehouse, int lanes, long walBytes) : IDisposable
{
    private readonly SemaphoreSlim _turns = new(lanes, lanes);
    /// <summary>One checkpoint at a time: a lane that finds one under way goes on (the log has just been cut).</summary>
    private readonly SemaphoreSlim _checkpointing = new(1, 1);

    /// <summary>Taken before a lane opens a transaction; disposed once it has committed or rolled back.</summary>
    public async Task<IDisposable> EnterTransactionAsync(CancellationToken cancellationToken)
    {
        await _turns.WaitAsync(cancellationToken);
        return new Turn(_turns);
    }

    /// <summary>Called by a lane after it committed and returned its turn: checkpoints if the log has grown past the threshold.</summary>
    public async Task AfterCommitAsync(CancellationToken cancellationToken)
    {
        if (warehouse.WalBytes < walBytes || !await _checkpointing.WaitAsync(0, cancellationToken)) return;
        int taken = 0;
        try
        {
            for (; taken < lanes; taken++) await _turns.WaitAsync(cancellationToken);
            await warehouse.CheckpointAsync(cancellationToken, walBytes);
        }
        finally
        {
            if (taken > 0) _turns.Release(taken);
            _checkpointing.Release();
        }
    }

    public void Dispose()
    {
        _turns.Dispose();
        _checkpointing.Dispose();
    }

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _returned;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0) turns.Release();
        }
    }
}
