using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class RollingWindowRateLimiterTests
{
    [Fact]
    public void Refuses_until_the_oldest_request_leaves_the_sixty_second_window()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RollingWindowRateLimiter(requestsPerMinute: 2, tokensPerMinute: 0, clock);

        Assert.True(limiter.TryAdmit(10).Admitted);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAdmit(10).Admitted);
        clock.Advance(TimeSpan.FromSeconds(10));
        var refused = limiter.TryAdmit(10);
        clock.Advance(TimeSpan.FromSeconds(40));
        var afterOldestLeft = limiter.TryAdmit(10);

        Assert.False(refused.Admitted);
        Assert.Equal("rate_limit_rpm", refused.Fault);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.RetryAfter);
        Assert.True(afterOldestLeft.Admitted);
    }

    [Fact]
    public void Retry_after_for_tokens_lasts_until_enough_tokens_leave_the_window()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RollingWindowRateLimiter(requestsPerMinute: 0, tokensPerMinute: 100, clock);

        Assert.True(limiter.TryAdmit(30).Admitted);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAdmit(60).Admitted);
        clock.Advance(TimeSpan.FromSeconds(10));
        var refused = limiter.TryAdmit(50);

        // 30 + 60 + 50 = 140 > 100: both earlier requests must leave, the second at t = 70 s.
        Assert.False(refused.Admitted);
        Assert.Equal("rate_limit_tpm", refused.Fault);
        Assert.Equal(TimeSpan.FromSeconds(50), refused.RetryAfter);
    }

    [Fact]
    public void Refused_requests_consume_nothing()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RollingWindowRateLimiter(requestsPerMinute: 1, tokensPerMinute: 0, clock);

        Assert.True(limiter.TryAdmit(1).Admitted);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.False(limiter.TryAdmit(1).Admitted);
        }
        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(limiter.TryAdmit(1).Admitted);
    }

    [Fact]
    public void Admits_everything_when_both_quotas_are_zero()
    {
        var limiter = new RollingWindowRateLimiter(0, 0, new ManualTimeProvider());

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(limiter.TryAdmit(1_000_000).Admitted));
    }
}
