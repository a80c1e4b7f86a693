using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>
/// What discovery's verdict does to the run (<see cref="DiscoveryVerdict.ConsequenceOf"/>), whether just decided or
/// revived from <c>discovery_verdict</c> for an unchanged inventory: a NO-GO halts, or with --force goes on with a warning.
/// </summary>
public sealed class DiscoveryVerdictTests
{
    [Theory]
    [InlineData(GoNoGoVerdict.Go)]
    [InlineData(GoNoGoVerdict.Caution)]
    public void A_verdict_that_does_not_halt_neither_halts_nor_warns(GoNoGoVerdict decision)
    {
        var verdict = new DiscoveryVerdict(decision, decision.ToName(), 10, []);
        Assert.False(verdict.Halts);
        Assert.Equal(VerdictConsequence.None, DiscoveryVerdict.ConsequenceOf(verdict.Halts, verdict.Text, force: true));
    }

    [Fact]
    public void A_no_go_halts_the_run_with_the_verdict_as_its_reason()
    {
        var verdict = new DiscoveryVerdict(GoNoGoVerdict.NoGo, "NO-GO: no records", 0, []);
        Assert.True(verdict.Halts);
        Assert.Equal(new VerdictConsequence("NO-GO: no records", null), DiscoveryVerdict.ConsequenceOf(verdict.Halts, verdict.Text, force: false));
    }

    [Fact]
    public void A_no_go_passed_with_force_goes_on_with_a_warning_naming_the_verdict() =>
        Assert.Equal(new VerdictConsequence(null, "forced past NO-GO: no records (--force): every readable line is ingested"),
            DiscoveryVerdict.ConsequenceOf(halts: true, "NO-GO: no records", force: true));
}
