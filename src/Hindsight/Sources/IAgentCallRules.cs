using Hindsight.Pricing;

namespace Hindsight.Sources;

/// <summary>
/// The usage role of an agent whose calls are not one per record (<see cref="ITranscriptSource.CallRules"/>): stage 2
/// asks it, after its slices, to compute the agent's <c>api_calls</c> again whole, in one transaction, priced like every
/// call (an unknown model unpriced).
/// </summary>
public interface IAgentCallRules
{
    /// <summary>The stage-2 metric that counts these calls (the names earlier releases gave them).</summary>
    string MetricName { get; }

    /// <summary>Writes the agent's calls anew; returns how many.</summary>
    Task<long> RebuildAsync(Warehouse.Warehouse warehouse, PriceTable prices, CancellationToken cancellationToken);
}
