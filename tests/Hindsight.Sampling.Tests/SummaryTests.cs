using System.Text.Json;
using Hindsight.Sampling.Tests.Support;

namespace Hindsight.Sampling.Tests;

public sealed class SummaryTests(SmallCorpus corpus)
{
    [Fact]
    public void Lines_bytes_and_record_types_match_an_independent_recount()
    {
        var recount = corpus.Recount;

        Assert.Equal(recount.Lines, corpus.Summary.Lines);
        Assert.Equal(recount.Bytes, corpus.Summary.Bytes);
        Assert.Equal(recount.RecordsByType, corpus.Summary.RecordsByType);
        Assert.Equal(recount.MalformedByReason, corpus.Summary.MalformedByReason);
        Assert.Equal(recount.MalformedByReason.Values.Sum(), corpus.Summary.MalformedLines);
        Assert.Equal(recount.PartialTails, corpus.Summary.PartialTails);
    }

    [Fact]
    public void File_counts_by_kind_match_the_files_on_disk()
    {
        var files = corpus.Recount.Files;

        Assert.Equal(SmallCorpus.Spec.Files, corpus.Summary.Files);
        Assert.Equal(files.Count, corpus.Summary.Files);
        Assert.Equal(files.Count(f => !f.RelativePath.Contains("agent-", StringComparison.Ordinal)), corpus.Summary.SessionFiles);
        Assert.Equal(files.Count(f => f.RelativePath.Contains("/subagents/agent-", StringComparison.Ordinal)), corpus.Summary.NestedAgentFiles);
        Assert.Equal(files.Count(f => f.RelativePath.Split('/') is [_, _, var name] && name.StartsWith("agent-", StringComparison.Ordinal)), corpus.Summary.FlatAgentFiles);
        Assert.Equal(corpus.Recount.MetaFiles.Count, corpus.Summary.MetaFiles);
        Assert.Equal(files.Count(f => f.Bytes == 0), corpus.Summary.EmptyFiles);
        Assert.Equal(files.Max(f => f.Bytes), corpus.Summary.LargestFileBytes);
    }

    [Fact]
    public void API_messages_are_the_distinct_pairs_of_message_id_and_request_id()
    {
        Assert.Equal(corpus.Recount.Messages.Count, corpus.Summary.ApiMessages);
        // Split: more than one line in one file (a replay into a resumed session repeats a message in another file).
        Assert.Equal(corpus.Recount.Messages.Count(m => m.Value.GroupBy(l => l.File).Max(g => g.Count()) > 1), corpus.Summary.SplitApiMessages);
        Assert.Equal(corpus.Recount.Messages.Count(m => m.Key.RequestId.Length == 0), corpus.Summary.ApiMessagesWithoutRequestId);
        Assert.Equal(corpus.Recount.Messages.Count(m => m.Value[0].Model == "<synthetic>"), corpus.Summary.SyntheticMessages);
    }

    [Fact]
    public void Expected_token_totals_per_model_equal_a_deduplication_that_keeps_the_largest_line()
    {
        var deduplicated = corpus.Recount.Messages.Values
            .Select(lines => lines.MaxBy(line => line.Total)!)
            .Where(line => line.Model != "<synthetic>")
            .GroupBy(line => line.Model)
            .ToDictionary(
                group => group.Key,
                group => (group.LongCount(), group.Sum(l => l.Input), group.Sum(l => l.Output), group.Sum(l => l.CacheCreation), group.Sum(l => l.CacheRead)));

        Assert.Equal(deduplicated.Keys.Order(StringComparer.Ordinal), corpus.Summary.TokensByModel.Keys);
        Assert.All(corpus.Summary.TokensByModel, pair => Assert.Equal(
            deduplicated[pair.Key],
            (pair.Value.ApiMessages, pair.Value.InputTokens, pair.Value.OutputTokens, pair.Value.CacheCreationInputTokens, pair.Value.CacheReadInputTokens)));
        Assert.Subset(
            new HashSet<string> { "claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001", "claude-sonnet-4-20250514" },
            corpus.Summary.TokensByModel.Keys.ToHashSet());
    }

    [Fact]
    public void Summing_every_line_without_deduplication_overcounts()
    {
        var naive = corpus.Summary.NaiveLineTokens;
        var recountedLines = corpus.Recount.Messages.Values.SelectMany(lines => lines).Where(line => line.Model != "<synthetic>").ToList();

        Assert.Equal(recountedLines.Sum(l => l.CacheRead), naive.CacheReadInputTokens);
        Assert.Equal(recountedLines.Count, naive.ApiMessages);
        Assert.True(naive.CacheReadInputTokens > 1.3 * corpus.Summary.TokensByModel.Values.Sum(t => t.CacheReadInputTokens));
    }

    [Fact]
    public void Prompt_counts_match_the_truth_file()
    {
        var truth = corpus.Truth;

        Assert.Equal(truth.Count(t => t.Kind == "prompt"), corpus.Summary.HumanPrompts);
        Assert.Equal(truth.Count(t => t.Kind == "steering"), corpus.Summary.SteeringTexts);
        Assert.Equal(truth.Count(t => t.Typos.Count > 0), corpus.Summary.PromptsWithTypos);
        Assert.Equal(truth.Count(t => t.HasSecret), corpus.Summary.PromptsWithSecrets);
        Assert.Equal(truth.Count(t => t.HasCode), corpus.Summary.PromptsWithCode);
    }

    [Fact]
    public void The_summary_on_disk_reads_back_as_returned()
    {
        Assert.Equal(JsonSerializer.Serialize(corpus.Summary), JsonSerializer.Serialize(corpus.SummaryFromDisk));
        Assert.Equal(SmallCorpus.Spec.Seed, corpus.SummaryFromDisk.Seed);
    }
}
