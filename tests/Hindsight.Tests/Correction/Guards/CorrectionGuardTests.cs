using Hindsight.Correction.Guards;

namespace Hindsight.Tests.Correction.Guards;

public sealed class CorrectionGuardTests
{
    [Fact]
    public void The_same_text_is_unchanged()
    {
        Assert.Equal(GuardOutcome.Unchanged, CorrectionGuard.Check("fine text ⟦P1⟧", 1, "fine text ⟦P1⟧").Outcome);
    }

    [Fact]
    public void A_typo_fix_with_its_placeholders_is_accepted()
    {
        var verdict = CorrectionGuard.Check("pls fix teh bug in ⟦P1⟧ and ⟦P2⟧", 2, "pls fix the bug in ⟦P1⟧ and ⟦P2⟧");

        Assert.Equal(GuardOutcome.Corrected, verdict.Outcome);
        Assert.Null(verdict.Reason);
    }

    [Fact]
    public void A_very_short_text_may_have_one_word_fixed()
    {
        Assert.Equal(GuardOutcome.Corrected, CorrectionGuard.Check("teh", 0, "the").Outcome);
        Assert.Equal(GuardOutcome.Corrected, CorrectionGuard.Check("u ok", 0, "you ok").Outcome);
    }

    [Theory]
    [InlineData("look at ⟦P1⟧ now", "look at now", "⟦P1⟧ is missing")]
    [InlineData("look at ⟦P1⟧ now", "look at ⟦P1⟧ ⟦P1⟧ now", "appears 2 times")]
    [InlineData("look at ⟦P1⟧ now", "look at ⟦P9⟧ now", "⟦P9⟧ was not sent")]
    [InlineData("look at ⟦P1⟧ now", "look at ⟦P 1⟧ now", "⟦P1⟧ is missing")]
    [InlineData("look at ⟦P1⟧ now", "look at ⟦P1⟧ now ⟧", "bracket")]
    public void A_tampered_placeholder_is_rejected_with_the_reason(string sent, string answer, string reason)
    {
        var verdict = CorrectionGuard.Check(sent, 1, answer);

        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rewrite_of_similar_length_is_rejected_by_edit_distance()
    {
        var verdict = CorrectionGuard.Check(
            "please update teh readme so that it explains how to run the tests locally",
            0,
            "Sure! Here is what I would do instead: rewrite everything from scratch now.");

        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.Contains("edit distance", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_much_longer_than_the_prompt_is_rejected_by_length_ratio()
    {
        var verdict = CorrectionGuard.Check("why does teh build fail", 0, "why does the build fail? Because the compiler cannot find the project file you named.");

        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.Contains("length ratio", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_thresholds_are_the_documented_ones()
    {
        Assert.Equal(0.30, CorrectionGuard.MaxNormalizedDistance);
        Assert.Equal(0.7, CorrectionGuard.MinLengthRatio);
        Assert.Equal(1.3, CorrectionGuard.MaxLengthRatio);
    }
}
