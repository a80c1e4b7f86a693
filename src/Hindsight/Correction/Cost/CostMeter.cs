namespace Hindsight.Correction.Cost;

/// <summary>
/// Tracks what calls have cost and what calls in flight are expected to cost, against a budget. New batches are
/// refused once spent plus reserved reaches the budget, so concurrency cannot overshoot it by more than the
/// estimation error of the calls already in flight. Thread-safe.
/// </summary>
public sealed class CostMeter
{
    private readonly object _gate = new();
    private readonly decimal _budget;
    private decimal _spent;
    private decimal _reserved;
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>Creates a meter with a budget in USD.</summary>
    public CostMeter(ModelPrices prices, decimal budgetUsd)
    {
        ArgumentNullException.ThrowIfNull(prices);
        Prices = prices;
        _budget = budgetUsd;
    }

    /// <summary>The prices in force.</summary>
    public ModelPrices Prices { get; }

    /// <summary>What answered calls cost so far.</summary>
    public decimal SpentUsd
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>Prompt tokens reported so far.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens reported so far.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>True once the budget is used up; set by the first refused reservation.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Reserves the estimated cost of a call; false (and <see cref="LimitReached"/>) when the budget is used up.</summary>
    public bool TryReserve(decimal estimatedUsd)
    {
        lock (_gate)
        {
            if (LimitReached || _spent + _reserved >= _budget)
            {
                LimitReached = true;
                return false;
            }

            _reserved += estimatedUsd;
            return true;
        }
    }

    /// <summary>Releases a reservation made with <see cref="TryReserve"/>.</summary>
    public void Release(decimal estimatedUsd)
    {
        lock (_gate)
        {
            _reserved = Math.Max(0, _reserved - estimatedUsd);
        }
    }

    /// <summary>Records a call's usage (validated by <see cref="Providers.ReportedUsage"/>); returns its cost, never negative.</summary>
    public decimal Record(long inputTokens, long outputTokens)
    {
        // A last line of defence: whatever reaches here, neither a count nor a cost goes below zero.
        inputTokens = Math.Max(0, inputTokens);
        outputTokens = Math.Max(0, outputTokens);
        var cost = Math.Max(0m, Prices.Cost(inputTokens, outputTokens));
        Interlocked.Add(ref _inputTokens, inputTokens);
        Interlocked.Add(ref _outputTokens, outputTokens);
        lock (_gate)
        {
            _spent += cost;
        }

        return cost;
    }
}
