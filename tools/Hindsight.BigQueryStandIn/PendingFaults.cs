namespace Hindsight.BigQueryStandIn;

/// <summary>The faults still to inject, in the order queued; each is used up by the jobs (or chunks) it hits.</summary>
public sealed class PendingFaults
{
    private readonly List<Fault> _queued = [];
    private readonly Lock _lock = new();
    private int _stalled;

    /// <summary>How long a stall holds a connection at most, so that a test that never kills its client still ends.</summary>
    public static readonly TimeSpan LongestStall = TimeSpan.FromSeconds(60);

    public PendingFaults(IEnumerable<Fault> initial) => _queued.AddRange(initial);

    public void Add(Fault fault)
    {
        lock (_lock) _queued.Add(fault);
    }

    public void Clear()
    {
        lock (_lock) _queued.Clear();
    }

    /// <summary>The first queued job fault for a load into <paramref name="table"/>, used once.</summary>
    public Fault? Take(string table) => TakeWhere(f => !f.HitsChunk && (f.Table is null || f.Table == table));

    /// <summary>Whether the next resumable chunk is to be dropped (used once).</summary>
    public bool TakeDropUpload() => TakeWhere(f => f.Kind == Fault.DropUpload) is not null;

    /// <summary>The fault for the next resumable chunk (dropped or stalled), used once; null for none.</summary>
    public Fault? TakeChunkFault() => TakeWhere(f => f.HitsChunk);

    /// <summary>Stalls begun so far: a test waits for one, then kills its client in the middle of what stalled.</summary>
    public int Stalled => Volatile.Read(ref _stalled);

    /// <summary>Holds a request until its client goes away (<paramref name="aborted"/>) or <see cref="LongestStall"/> passes.</summary>
    public async Task StallAsync(CancellationToken aborted)
    {
        Interlocked.Increment(ref _stalled);
        await Task.Delay(LongestStall, aborted);
    }

    private Fault? TakeWhere(Func<Fault, bool> match)
    {
        lock (_lock)
        {
            int i = _queued.FindIndex(f => match(f));
            if (i < 0) return null;
            var fault = _queued[i];
            if (fault.Times <= 1) _queued.RemoveAt(i);
            else _queued[i] = fault with { Times = fault.Times - 1 };
            return fault;
        }
    }
}
