namespace Hindsight.Correction.Planning;

/// <summary>
/// Packs items into batches in arrival order: a batch closes when it holds <c>maxItems</c> items or when the next
/// item would push its estimated tokens past <c>maxBatchTokens</c>; an item larger than the budget travels alone.
/// It depends on nothing but the items and their order, which is what lets the dry-run predict the real run's
/// request count exactly. Not thread-safe: one planner per run.
/// </summary>
/// <typeparam name="T">The item carried in a batch.</typeparam>
public sealed class BatchPlanner<T>
{
    private readonly int _maxItems;
    private readonly int _maxBatchTokens;
    private List<T> _current = [];
    private int _currentTokens;

    /// <summary>Creates a planner.</summary>
    public BatchPlanner(int maxItems, int maxBatchTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchTokens, 1);
        _maxItems = maxItems;
        _maxBatchTokens = maxBatchTokens;
    }

    /// <summary>Adds an item; returns the batches this closed, in order (none, one, or two when maxItems is 1 and the item did not fit).</summary>
    public IReadOnlyList<IReadOnlyList<T>> Add(T item, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        List<IReadOnlyList<T>>? closed = null;
        if (_current.Count > 0 && _currentTokens + tokens > _maxBatchTokens)
        {
            closed = [TakeCurrent()];
        }

        _current.Add(item);
        _currentTokens += tokens;
        if (_current.Count >= _maxItems)
        {
            closed ??= [];
            closed.Add(TakeCurrent());
        }

        return closed ?? (IReadOnlyList<IReadOnlyList<T>>)[];
    }

    /// <summary>Closes the batch in progress, if any; call when the input ends.</summary>
    public IReadOnlyList<T>? Flush() => _current.Count == 0 ? null : TakeCurrent();

    private List<T> TakeCurrent()
    {
        var batch = _current;
        _current = [];
        _currentTokens = 0;
        return batch;
    }
}
