using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>Reading one cost-state record (Claude Code 2.1.24x+): every modelUsage field, tolerant of wrong types.</summary>
public sealed class CostStateSnapshotTests
{
    [Fact]
    public void Every_model_of_model_usage_becomes_a_row_with_its_cache_split_web_searches_and_cost()
    {
        const string raw = """{"type":"cost-state","sessionId":"s","totalCostUSD":0.5,"modelUsage":{"claude-haiku-4-5-20251001":{"inputTokens":1,"outputTokens":2,"thinkingTokens":3,"cacheReadInputTokens":4,"cacheCreationInputTokens":11,"cacheCreationEphemeral5mInputTokens":5,"cacheCreationEphemeral1hInputTokens":6,"webSearchRequests":7,"costUSD":0.25},"claude-opus-4-6":{"inputTokens":8,"outputTokens":9,"costUSD":0.25}},"hasUnknownModelCost":false}""";

        var snapshot = CostStateSnapshot.Parse(raw)!;

        Assert.Equal(0.5, snapshot.TotalCostUsd);
        Assert.False(snapshot.HasUnknownModelCost);
        Assert.Equal(new CostStateModelUsage("claude-haiku-4-5-20251001", 1, 2, 3, 4, 11, 5, 6, 7, 0.25), snapshot.Models[0]);
        Assert.Equal(new CostStateModelUsage("claude-opus-4-6", 8, 9, 0, 0, 0, 0, 0, 0, 0.25), snapshot.Models[1]);
    }

    [Fact]
    public void A_field_of_the_wrong_type_counts_as_absent_and_a_model_that_is_not_an_object_is_skipped()
    {
        const string raw = """{"type":"cost-state","sessionId":"s","totalCostUSD":"free","modelUsage":{"m":{"inputTokens":"12","outputTokens":-4,"costUSD":null},"n":42}}""";

        var snapshot = CostStateSnapshot.Parse(raw)!;

        Assert.Null(snapshot.TotalCostUsd);
        var model = Assert.Single(snapshot.Models);
        Assert.Equal(new CostStateModelUsage("m", 0, 0, 0, 0, 0, 0, 0, 0, null), model);
    }

    [Fact]
    public void A_record_without_model_usage_is_no_snapshot()
    {
        Assert.Null(CostStateSnapshot.Parse("""{"type":"cost-state","sessionId":"s","totalCostUSD":1.5}"""));
        Assert.Null(CostStateSnapshot.Parse("""{"type":"cost-state","modelUsage":[]}"""));
    }
}
