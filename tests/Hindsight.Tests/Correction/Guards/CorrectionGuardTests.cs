using Hindsight.Correction.Guards;

namespace Hindsight.Tests.Correction.Guards;

public sealed class CorrectionGuardTests
{
    [Fact]
    public void TheSameTextIsUnchanged()
    {
        Assert.Equal(GuardOutcome.Unchanged, CorrectionGuard.Check("fine text ⟦P1⟧", 1, "fine text ⟦P1⟧").Outcome);
    }

    [Fact]
    public void ATypoFixWithItsPlaceholdersIsAccepted()
    {
        var verdict = CorrectionGuard.Check("pls fix teh bug in ⟦P1⟧ and ⟦P2⟧", 2, "pls fix the bug in ⟦P1⟧ and ⟦P2⟧");

        Assert.Equal(GuardOutcome.Corrected, verdict.Outcome);
        Assert.Null(verdict.Reason);
    }

    [Fact]
    public void AVeryShortTextMayHaveOneWordFixed()
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
    public void ATamperedPlaceholderIsRejectedWithTheReason(string sent, string answer, string reason)
    {
        var verdict = CorrectionGuard.Check(sent, 1, answer);

        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARewriteOfSimilarLengthIsRejectedByEditDistance()
    {
        var verdict = CorrectionGuard.Check(
            "please update teh readme so that it explains how to run the tests locally",
            0,
            "Sure! Here is what I would do instead: rewrite everything from scratch now.");

        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.Contains("edit distance", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerMuchLongerThanThePromptIsRejectedByLengthRatio()
    {
        var verdict = CorrectionGuard.Check("why does teh build fail", 0, "why does the build fail? Because the compiler cannot find the project file you named.");

        Assert.Equal(GuardOutcome.Rejected, verdict.Outcome);
        Assert.Contains("length ratio", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheThresholdsAreTheDocumentedOnes()
    {
        Assert.Equal(0.30, CorrectionGuard.MaxNormalizedDistance);
        Assert.Equal(0.7, CorrectionGuard.MinLengthRatio);
        Assert.Equal(1.3, CorrectionGuard.MaxLengthRatio);
    }
}
