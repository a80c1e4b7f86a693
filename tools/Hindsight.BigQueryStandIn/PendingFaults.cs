namespace Hindsight.BigQueryStandIn;

/// <summary>The faults still to inject, in the order queued; each is used up by the jobs (or chunks) it hits.</summary>
public sealed class PendingFaults
{
    private readonly List<Fault> _queued = [];
    private readonly Lock _lock = new();

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
    public Fault? Take(string table) => TakeWhere(f => f.Kind != Fault.DropUpload && (f.Table is null || f.Table == table));

    /// <summary>Whether the next resumable chunk is to be dropped (used once).</summary>
    public bool TakeDropUpload() => TakeWhere(f => f.Kind == Fault.DropUpload) is not null;

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
