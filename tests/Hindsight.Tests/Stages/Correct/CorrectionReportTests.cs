using Hindsight.Stages.Correct;

namespace Hindsight.Tests.Unit.Stages.Correct;

/// <summary>Stage 4's one-line no-provider note (<see cref="CorrectionReport.ShortReason"/>): the first sentence, pointing at the help.</summary>
public sealed class CorrectionReportTests
{
    [Fact]
    public void No_reason_says_no_provider_and_points_at_the_help() =>
        Assert.Equal("no provider (see `hindsight correct --help`)", CorrectionReport.ShortReason(null));

    [Fact]
    public void The_stage_prefix_and_the_instructions_are_left_out() =>
        Assert.Equal("no key is set (see `hindsight correct --help`)",
            CorrectionReport.ShortReason("Stage 4 skipped LLM correction: no key is set. To enable it: set GEMINI_API_KEY."));

    [Fact]
    public void A_reason_without_instructions_is_kept_whole() =>
        Assert.Equal("the provider is off", CorrectionReport.ShortReason("the provider is off"));
}
