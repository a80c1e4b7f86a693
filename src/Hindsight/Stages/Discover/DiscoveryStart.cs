using Hindsight.Runs;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Discovery's first half in a run: its outcome (a placeholder while <see cref="DiscoveryHandOff.Pending"/> waits on
/// extraction's pass) and what it hands to extraction.
/// </summary>
public sealed record DiscoveryStart(StageOutcome Outcome, DiscoveryHandOff HandOff)
{
    /// <summary>True when the decision is left to <see cref="DiscoveryStage.CompleteAsync"/>, after extraction's pass.</summary>
    public bool AwaitsPass => HandOff.Pending is not null;
}
