using Hindsight.Pricing;

namespace Hindsight.Tests.Pricing;

public sealed class TokenUsageTests
{
    [Fact]
    public void The_total_counts_every_kind_once_as_ccusages_total_tokens_does()
    {
        var usage = new TokenUsage { Input = 1, Output = 20, CacheCreation5m = 300, CacheCreation1h = 4000, CacheCreationUnsplit = 50000, CacheRead = 600000 };

        Assert.Equal(54300, usage.CacheCreation);
        Assert.Equal(654321, usage.Total);
    }

    [Fact]
    public void Adding_two_usages_adds_each_kind()
    {
        var first = new TokenUsage { Input = 1, Output = 2, CacheCreation5m = 3, CacheCreation1h = 4, CacheCreationUnsplit = 5, CacheRead = 6 };
        var second = new TokenUsage { Input = 10, Output = 20, CacheCreation5m = 30, CacheCreation1h = 40, CacheCreationUnsplit = 50, CacheRead = 60 };

        var sum = first + second;

        Assert.Equal(new TokenUsage { Input = 11, Output = 22, CacheCreation5m = 33, CacheCreation1h = 44, CacheCreationUnsplit = 55, CacheRead = 66 }, sum);
        Assert.Equal(first.Total + second.Total, first.Add(second).Total);
    }
}
