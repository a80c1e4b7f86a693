using Hindsight.Correction;

namespace Hindsight.Tests.Support;

/// <summary>Keeps every result and checks that the engine never calls it concurrently.</summary>
internal sealed class CollectingSink : ICorrectionSink
{
    private readonly Lock _gate = new();
    private readonly List<CorrectionResult> _results = [];
    private readonly Action<CollectingSink>? _afterWrite;
    private int _writing;

    internal CollectingSink(Action<CollectingSink>? afterWrite = null) => _afterWrite = afterWrite;

    internal bool WasCalledConcurrently { get; private set; }

    internal int Writes { get; private set; }

    internal IReadOnlyList<CorrectionResult> Results
    {
        get
        {
            lock (_gate)
            {
                return [.. _results];
            }
        }
    }

    public ValueTask WriteAsync(IReadOnlyList<CorrectionResult> results, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            WasCalledConcurrently = true;
        }

        lock (_gate)
        {
            _results.AddRange(results);
            Writes++;
        }

        Interlocked.Exchange(ref _writing, 0);
        _afterWrite?.Invoke(this);
        return ValueTask.CompletedTask;
    }
}
