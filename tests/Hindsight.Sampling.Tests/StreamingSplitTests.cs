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
    public void EveryLineOfASplitMessageRepeatsTheSameInputAndCacheUsage()
    {
        var splits = SplitMessages();

        Assert.NotEmpty(splits);
        Assert.All(splits, lines => Assert.Single(lines.Select(l => (l.Model, l.Input, l.CacheCreation, l.CacheRead)).Distinct()));
    }

    [Fact]
    public void TheLastLineOfASplitMessageCarriesTheFinalOutputAndEarlierLinesAPlaceholderOrTheSame()
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
    public void ManySplitMessagesHavePlaceholderOutputTokensOnTheirEarlyLines()
    {
        var splits = SplitMessages();
        var withPlaceholders = splits.Count(lines => lines[0].Output < lines[^1].Output && lines[0].Output <= 9);

        Assert.InRange(withPlaceholders, splits.Count / 5, splits.Count * 4 / 5);
    }

    [Fact]
    public void FirstLineWinsWouldUndercountOutputTokens()
    {
        var firstLineOutput = corpus.Recount.Messages.Values.Where(lines => lines[0].Model != "<synthetic>").Sum(lines => lines[0].Output);
        var expectedOutput = corpus.Summary.TokensByModel.Values.Sum(t => t.OutputTokens);

        Assert.True(firstLineOutput < expectedOutput * 0.9, $"first-line output {firstLineOutput} vs expected {expectedOutput}");
    }
}
