using System.CommandLine;
using Hindsight.Cli;
using Hindsight.Messages;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>--min-confidence is read through the confidences' one mapping: its three stored names, and the same refusal for anything else.</summary>
public sealed class MinConfidenceOptionTests
{
    [Theory]
    [InlineData("high", PromptConfidence.High)]
    [InlineData("medium", PromptConfidence.Medium)]
    [InlineData("low", PromptConfidence.Low)]
    public void Each_stored_confidence_name_is_accepted(string typed, PromptConfidence expected)
    {
        var (options, error) = Bind("--min-confidence", typed);

        Assert.Null(error);
        Assert.Equal(expected, options!.MinConfidence);
    }

    [Fact]
    public void Without_the_option_prompts_of_medium_confidence_or_higher_are_corrected()
    {
        Assert.Equal(PromptConfidence.Medium, Bind().Options!.MinConfidence);
    }

    [Theory]
    [InlineData("High")]
    [InlineData("none")]
    public void Any_other_value_is_refused_with_the_three_names(string typed)
    {
        var (options, error) = Bind("--min-confidence", typed);

        Assert.Null(options);
        Assert.Equal($"--min-confidence must be high, medium or low, not '{typed}'", error);
    }

    private static (Hindsight.Stages.Correct.CorrectionStageOptions? Options, string? Error) Bind(params string[] args)
    {
        var set = new CorrectionOptionSet();
        var command = new RootCommand();
        foreach (var option in set.All) command.Options.Add(option);
        return set.Bind(command.Parse(args), _ => null);
    }
}
