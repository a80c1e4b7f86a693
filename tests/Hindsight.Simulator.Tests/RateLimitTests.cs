using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class RateLimitTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_429_with_retry_after_once_the_requests_per_minute_are_used()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequestsPerMinute = 2 }, Cancellation);
        using var http = new HttpClient();
        var body = Batch.Body(("1", "teh"));

        var first = await Batch.SendAsync(http, server.BaseUrl, body);
        var second = await Batch.SendAsync(http, server.GeminiBaseUrl, body);
        var third = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Equal([200, 200, 429], [first.Status, second.Status, third.Status]);
        Assert.Equal("rate_limit_error", third.ErrorType);
        Assert.Equal("rate_limit_exceeded", third.ErrorCode);
        Assert.NotNull(third.RetryAfter);
        Assert.InRange(third.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(1, server.Stats.RateLimited);
        Assert.Equal("rate_limit_rpm", server.ReceivedRequests()[^1].Fault);
    }

    [Fact]
    public async Task Answers_429_once_the_tokens_per_minute_are_used()
    {
        var body = Batch.Body(("1", "teh databse"), ("2", "wich one"));
        long tokensPerRequest;
        await using (var unlimited = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation))
        {
            using var probe = new HttpClient();
            tokensPerRequest = (await Batch.SendAsync(probe, unlimited.BaseUrl, body)).TotalTokens;
        }
        await using var server = await SimulatorServer.StartAsync(
            new SimulatorOptions { TokensPerMinute = tokensPerRequest * 3 / 2 }, Cancellation);
        using var http = new HttpClient();

        var first = await Batch.SendAsync(http, server.BaseUrl, body);
        var second = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Equal(200, first.Status);
        Assert.Equal(429, second.Status);
        Assert.Equal("rate_limit_exceeded", second.ErrorCode);
        Assert.NotNull(second.RetryAfter);
        Assert.Equal("rate_limit_tpm", server.ReceivedRequests()[^1].Fault);
    }

    [Fact]
    public async Task Says_when_one_request_is_larger_than_the_tokens_per_minute()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TokensPerMinute = 5 }, Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "a text well beyond five tokens")));

        Assert.Equal(429, reply.Status);
        Assert.Contains("Request too large", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checks_quotas_before_rolling_the_fault_dice()
    {
        var options = new SimulatorOptions { RequestsPerMinute = 1, Faults = new FaultRates { ServerError = 1.0 } };
        await using var server = await SimulatorServer.StartAsync(options, Cancellation);
        using var http = new HttpClient();
        var body = Batch.Body(("1", "teh"));

        var first = await Batch.SendAsync(http, server.BaseUrl, body);
        var second = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Contains(first.Status, new[] { 500, 503 });
        Assert.Equal(429, second.Status);
        Assert.Equal(1, server.Stats.ServerErrors);
        Assert.Equal(1, server.Stats.RateLimited);
    }
}
