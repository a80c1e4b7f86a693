using Hindsight.Reports.Reconcile;

namespace Hindsight.Tests.Reports.Reconcile;

/// <summary>The rules that name why Claude Code's own totals and Hindsight's differ.</summary>
public sealed class ReconcileReasonsTests
{
    private static readonly ReconcileTokens Ours = new(10, 20, 300, 4000, 0.01);

    [Fact]
    public void Equal_tokens_and_equal_costs_agree()
    {
        var (status, _) = ReconcileReasons.Explain(Ours, Ours, unfinalizedCalls: 0, webSearches: 0);
        Assert.Equal(ReconcileReasons.Agrees, status);
    }

    [Fact]
    public void A_model_only_claude_code_counted_is_explained_by_side_calls()
    {
        var (status, text) = ReconcileReasons.Explain(null, Ours, unfinalizedCalls: 0, webSearches: 0);
        Assert.Equal(ReconcileReasons.SideCalls, status);
        Assert.Contains("4,330 tokens", text[0]);
    }

    [Fact]
    public void More_output_on_claude_codes_side_with_frozen_subagent_lines_is_explained_by_unfinalised_output()
    {
        var (status, text) = ReconcileReasons.Explain(Ours, Ours with { Output = 500 }, unfinalizedCalls: 3, webSearches: 0);
        Assert.Equal(ReconcileReasons.OutputUnfinalized, status);
        Assert.Contains("3 subagent calls", text[0]);
        Assert.Single(text);
    }

    [Fact]
    public void A_transcript_ahead_of_the_last_snapshot_is_explained_by_a_lagging_snapshot()
    {
        var (status, _) = ReconcileReasons.Explain(Ours, Ours with { CacheRead = 1000 }, unfinalizedCalls: 0, webSearches: 0);
        Assert.Equal(ReconcileReasons.SnapshotLags, status);
    }

    [Fact]
    public void Equal_tokens_priced_differently_say_that_the_prices_differ()
    {
        var (status, _) = ReconcileReasons.Explain(Ours, Ours with { Cost = 0.02 }, unfinalizedCalls: 0, webSearches: 0);
        Assert.Equal(ReconcileReasons.PricesDiffer, status);
    }
}
