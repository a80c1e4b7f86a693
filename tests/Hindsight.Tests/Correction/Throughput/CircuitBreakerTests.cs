using Hindsight.Correction.Throughput;

namespace Hindsight.Tests.Correction.Throughput;

public sealed class CircuitBreakerTests
{
    [Fact]
    public void It_opens_after_the_threshold_of_failures_in_a_row()
    {
        var breaker = new CircuitBreaker(3);

        breaker.OnFailure("HTTP 500", fatal: false);
        breaker.OnFailure("HTTP 500", fatal: false);
        Assert.False(breaker.IsOpen);
        breaker.OnFailure("HTTP 503", fatal: false);

        Assert.True(breaker.IsOpen);
        Assert.Contains("HTTP 503", breaker.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_success_resets_the_count()
    {
        var breaker = new CircuitBreaker(2);

        breaker.OnFailure("x", fatal: false);
        breaker.OnSuccess();
        breaker.OnFailure("x", fatal: false);

        Assert.False(breaker.IsOpen);
    }

    [Fact]
    public void A_fatal_failure_opens_at_once()
    {
        var breaker = new CircuitBreaker(10);

        breaker.OnFailure("HTTP 401: bad key", fatal: true);

        Assert.True(breaker.IsOpen);
        Assert.Equal("circuit open: HTTP 401: bad key", breaker.Reason);
    }
}
