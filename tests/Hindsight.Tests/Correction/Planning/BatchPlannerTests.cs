using Hindsight.Correction.Planning;

namespace Hindsight.Tests.Correction.Planning;

public sealed class BatchPlannerTests
{
    [Fact]
    public void Short_prompts_are_grouped_fifteen_a_batch()
    {
        var planner = new BatchPlanner<int>(15, 2_000);
        var batches = new List<IReadOnlyList<int>>();

        for (var item = 0; item < 40; item++)
        {
            batches.AddRange(planner.Add(item, 10));
        }

        batches.Add(planner.Flush()!);
        Assert.Equal([15, 15, 10], batches.Select(batch => batch.Count));
        Assert.Equal(Enumerable.Range(0, 40), batches.SelectMany(batch => batch));
    }

    [Fact]
    public void The_token_budget_closes_a_batch_before_it_overflows()
    {
        var planner = new BatchPlanner<string>(15, 100);

        Assert.Empty(planner.Add("a", 60));
        var closed = Assert.Single(planner.Add("b", 60));

        Assert.Equal(["a"], closed);
        Assert.Equal(["b"], planner.Flush());
    }

    [Fact]
    public void A_prompt_larger_than_the_budget_travels_alone()
    {
        var planner = new BatchPlanner<string>(15, 100);
        planner.Add("small", 10);

        var closedByLarge = planner.Add("large", 500);
        var closedAfterLarge = planner.Add("next", 10);

        Assert.Equal(["small"], Assert.Single(closedByLarge));
        Assert.Equal(["large"], Assert.Single(closedAfterLarge));
        Assert.Equal(["next"], planner.Flush());
    }

    [Fact]
    public void One_item_batches_close_two_at_once_when_the_budget_is_also_exceeded()
    {
        var planner = new BatchPlanner<string>(1, 10);

        Assert.Single(planner.Add("a", 5));
        Assert.Single(planner.Add("b", 50));
        Assert.Null(planner.Flush());
    }

    [Fact]
    public void Tokens_are_estimated_as_UTF8_bytes_over_four_rounded_up()
    {
        Assert.Equal(0, TokenEstimator.Estimate(""));
        Assert.Equal(1, TokenEstimator.Estimate("abc"));
        Assert.Equal(2, TokenEstimator.Estimate("abcde"));
        Assert.Equal(1, TokenEstimator.Estimate("⟦"));
        Assert.Equal(2, TokenEstimator.Estimate("😅😅"));
    }
}
