using Hindsight.Correction.Throughput;

namespace Hindsight.Tests.Correction.Throughput;

public sealed class AdaptiveConcurrencyLimiterTests
{
    [Fact]
    public async Task It_grants_no_more_slots_than_the_limit_until_one_is_released()
    {
        var limiter = new AdaptiveConcurrencyLimiter(2, 1, 10);
        await limiter.AcquireAsync(TestContext.Current.CancellationToken);
        await limiter.AcquireAsync(TestContext.Current.CancellationToken);

        var third = limiter.AcquireAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(third.IsCompleted);
        limiter.Release();
        await third;

        Assert.Equal(2, limiter.InFlight);
    }

    [Fact]
    public async Task Successes_while_full_and_the_rate_has_room_grow_the_limit_up_to_the_maximum()
    {
        var limiter = new AdaptiveConcurrencyLimiter(5, 1, 7);
        for (var call = 0; call < 10; call++)
        {
            var lease = await limiter.AcquireAsync(TestContext.Current.CancellationToken);
            limiter.OnSuccess(lease with { Saturated = true }, rateLimiterHadRoom: true, TimeSpan.FromMilliseconds(100), 0);
            limiter.Release();
        }

        Assert.Equal(7, limiter.Limit);
        Assert.Equal(7, limiter.PeakLimit);
    }

    [Fact]
    public async Task Successes_that_waited_for_the_rate_limiter_do_not_grow_the_limit()
    {
        var limiter = new AdaptiveConcurrencyLimiter(5, 1, 100);
        var lease = await limiter.AcquireAsync(TestContext.Current.CancellationToken);

        limiter.OnSuccess(lease with { Saturated = true }, rateLimiterHadRoom: false, TimeSpan.FromMilliseconds(100), 0);

        Assert.Equal(5, limiter.Limit);
    }

    [Fact]
    public async Task A_known_rate_limit_lets_the_limit_jump_to_what_Littles_law_needs()
    {
        var limiter = new AdaptiveConcurrencyLimiter(5, 1, 128);
        var lease = await limiter.AcquireAsync(TestContext.Current.CancellationToken);

        limiter.OnSuccess(lease with { Saturated = true }, rateLimiterHadRoom: true, TimeSpan.FromSeconds(1.5), sustainableRequestsPerSecond: 4_000 / 60.0);

        Assert.Equal(120, limiter.Limit);
    }

    [Fact]
    public void An_overload_halves_the_limit_once_for_calls_that_started_before_it()
    {
        var limiter = new AdaptiveConcurrencyLimiter(40, 1, 128);
        var epoch = limiter.Epoch;

        limiter.OnOverload(epoch);
        limiter.OnOverload(epoch);
        limiter.OnOverload(epoch);
        Assert.Equal(20, limiter.Limit);

        limiter.OnOverload(limiter.Epoch);
        Assert.Equal(10, limiter.Limit);
    }

    [Fact]
    public void The_limit_never_falls_below_the_minimum()
    {
        var limiter = new AdaptiveConcurrencyLimiter(2, 1, 8);
        for (var overload = 0; overload < 5; overload++)
        {
            limiter.OnOverload(limiter.Epoch);
        }

        Assert.Equal(1, limiter.Limit);
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_keep_a_slot()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1, 1, 1);
        await limiter.AcquireAsync(TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        limiter.Release();
        await limiter.AcquireAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, limiter.InFlight);
    }
}
