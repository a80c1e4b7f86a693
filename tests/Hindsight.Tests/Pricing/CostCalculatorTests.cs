using Hindsight.Pricing;

namespace Hindsight.Tests.Pricing;

public sealed class CostCalculatorTests
{
    private readonly CostCalculator _calculator = new(PriceTable.LoadDefault());

    [Theory]
    [ClassData(typeof(CcusageCraftedCases))]
    public void Reproduces_ccusages_cost_for_a_crafted_one_line_corpus(
        string title, string model, long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheWriteUnsplit, long cacheRead,
        bool fast, double ccusageUsd)
    {
        var usage = new TokenUsage
        {
            Input = input,
            Output = output,
            CacheCreation5m = cacheWrite5m,
            CacheCreation1h = cacheWrite1h,
            CacheCreationUnsplit = cacheWriteUnsplit,
            CacheRead = cacheRead,
        };

        var estimate = _calculator.Estimate(model, usage, fast);

        Assert.True(estimate.IsPriced, $"{title}: {model} is unpriced");
        var relative = Math.Abs(estimate.Usd!.Value - ccusageUsd) / ccusageUsd;
        Assert.True(relative <= 1e-9, $"{title}: {estimate.Usd.Value:R} against ccusage's {ccusageUsd:R} (relative {relative:E2})");
    }

    [Theory]
    [InlineData("claude-opus-4-20990101")] // ccusage prices it as claude-opus-4 by substring match
    [InlineData("claude-opus-4-9")]
    [InlineData("claude-sonnet-5")] // ccusage finds some LiteLLM key for it
    [InlineData("claude")] // ccusage prices a bare "claude" as Sonnet
    [InlineData("sonnet")]
    [InlineData("haiku")]
    [InlineData("gpt-foo")]
    [InlineData("claude-opus-4-6-fast")] // fast mode is a flag of the call, not a model
    [InlineData("")]
    public void AnUnknownModelIsUnpricedRatherThanPricedAsItsNeighbour(string model)
    {
        var estimate = _calculator.Estimate(model, new TokenUsage { Input = 1000, Output = 1000 });

        Assert.False(estimate.IsPriced);
        Assert.Null(estimate.Usd);
        Assert.Null(estimate.PricedAs);
        Assert.Equal(model, estimate.Model);
    }

    [Fact]
    public void An_alias_is_priced_as_its_own_entry_and_says_which_one()
    {
        var estimate = _calculator.Estimate("claude-sonnet-4-5", new TokenUsage { Input = 1_000_000 });

        Assert.Equal("claude-sonnet-4-5-20250929", estimate.PricedAs);
        Assert.Equal("claude-sonnet-4-5", estimate.Model);
    }

    [Fact]
    public void An_unsplit_cache_write_costs_the_same_as_a_five_minute_one()
    {
        var unsplit = _calculator.Estimate("claude-sonnet-4-5-20250929", new TokenUsage { CacheCreationUnsplit = 123_456 });
        var fiveMinutes = _calculator.Estimate("claude-sonnet-4-5-20250929", new TokenUsage { CacheCreation5m = 123_456 });
        var oneHour = _calculator.Estimate("claude-sonnet-4-5-20250929", new TokenUsage { CacheCreation1h = 123_456 });

        Assert.Equal(fiveMinutes.Usd, unsplit.Usd);
        Assert.True(oneHour.Usd > fiveMinutes.Usd);
    }

    [Fact]
    public void The_tier_applies_to_one_call_not_to_the_sum_of_two()
    {
        var oneCall = _calculator.Estimate("claude-sonnet-4-5-20250929", new TokenUsage { Input = 300_000 });
        var half = _calculator.Estimate("claude-sonnet-4-5-20250929", new TokenUsage { Input = 150_000 });

        // 200k at 3 USD/M and 100k at 6 USD/M, against 2 x 150k at 3 USD/M: ccusage prints 1.2 and 0.9 for these corpora.
        Assert.Equal(1.2, oneCall.Usd!.Value, 12);
        Assert.Equal(0.9, 2 * half.Usd!.Value, 12);
    }

    [Fact]
    public void Zero_usage_of_a_known_model_is_priced_at_zero()
    {
        var estimate = _calculator.Estimate("claude-opus-4-7", TokenUsage.Zero, fastMode: true);

        Assert.True(estimate.IsPriced);
        Assert.Equal(0.0, estimate.Usd);
    }

    [Fact]
    public void Negative_token_counts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _calculator.Estimate("claude-opus-4-7", new TokenUsage { CacheRead = -1 }));
    }
}
