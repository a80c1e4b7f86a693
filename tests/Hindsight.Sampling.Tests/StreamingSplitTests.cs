using Hindsight.Sampling.Tests.Support;

namespace Hindsight.Sampling.Tests;

public sealed class StreamingSplitTests(SmallCorpus corpus)
{
    /// <summary>The lines of each API message in the first file that holds it (a replay repeats them elsewhere).</summary>
    private List<List<AssistantLine>> SplitMessages() =>
        corpus.Recount.Messages.Values
            .Select(lines => lines.Where(l => l.File == lines[0].File).ToList())
            .Where(lines => lines.Count > 1)
            .ToList();

    [Fact]
    public void Every_line_of_a_split_message_repeats_the_same_input_and_cache_usage()
    {
        var splits = SplitMessages();

        Assert.NotEmpty(splits);
        Assert.All(splits, lines => Assert.Single(lines.Select(l => (l.Model, l.Input, l.CacheCreation, l.CacheRead)).Distinct()));
    }

    [Fact]
    public void The_last_line_of_a_split_message_carries_the_final_output_and_earlier_lines_a_placeholder_or_the_same()
    {
        var splits = SplitMessages();

        Assert.All(splits, lines =>
        {
            var last = lines[^1];
            Assert.NotNull(last.StopReason);
            Assert.Equal(lines.Max(l => l.Total), last.Total);
            Assert.All(lines.Take(lines.Count - 1), early => Assert.True(
                early.Output == last.Output || (early.Output is >= 1 and <= 9 && early.StopReason is null),
                $"{early.File}:{early.Number} has output {early.Output}, final {last.Output}"));
        });
    }

    [Fact]
    public void Many_split_messages_have_placeholder_output_tokens_on_their_early_lines()
    {
        var splits = SplitMessages();
        var withPlaceholders = splits.Count(lines => lines[0].Output < lines[^1].Output && lines[0].Output <= 9);

        Assert.InRange(withPlaceholders, splits.Count / 5, splits.Count * 4 / 5);
    }

    [Fact]
    public void First_line_wins_would_undercount_output_tokens()
    {
        var firstLineOutput = corpus.Recount.Messages.Values.Where(lines => lines[0].Model != "<synthetic>").Sum(lines => lines[0].Output);
        var expectedOutput = corpus.Summary.TokensByModel.Values.Sum(t => t.OutputTokens);

        Assert.True(firstLineOutput < expectedOutput * 0.9, $"first-line output {firstLineOutput} vs expected {expectedOutput}");
    }
}
