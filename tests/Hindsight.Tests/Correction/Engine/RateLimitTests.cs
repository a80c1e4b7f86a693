using Hindsight.Correction;
using Hindsight.Correction.Caching;
using Hindsight.Correction.Throughput;
using Hindsight.Simulator;

namespace Hindsight.Tests.Correction.Engine;

[Collection(nameof(MeasuredAlone))]
public sealed class RateLimitTests
{
    [Fact]
    public async Task The_limiter_holds_the_configured_requests_per_minute_within_five_percent_over_hundreds_of_requests()
    {
        const int RequestsPerMinute = 6_000;
        var corpus = PromptCorpus.Create(TypoOracle.Load(), 600, seed: 81);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { LatencyMedianMs = 20 }, TestContext.Current.CancellationToken);
        var options = SimulatorOptionsFor.OpenAI(server) with
        {
            MaxItemsPerBatch = 1,
            RateLimits = new RateLimits(RequestsPerMinute, 0),
        };

        var summary = await new CorrectionEngine().RunAsync(Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), new CollectingSink(), options, TestContext.Current.CancellationToken);

        var received = server.ReceivedRequests().Select(request => request.ReceivedAt).Order().ToList();
        Assert.True(received.Count >= 300, $"only {received.Count} requests");
        var achieved = (received.Count - 1) / (received[^1] - received[0]).TotalMinutes;
        TestContext.Current.TestOutputHelper?.WriteLine($"{received.Count} requests at {achieved:0} per minute; peak concurrency {summary.PeakConcurrency}");
        Assert.InRange(achieved, RequestsPerMinute * 0.95, RequestsPerMinute * 1.05);
        Assert.Equal(0, summary.RateLimited);
    }

    [Fact]
    public void The_minimum_duration_follows_the_tighter_limit()
    {
        var limits = new RateLimits(4_000, 1_000_000);

        Assert.Equal(TimeSpan.FromMinutes(1), limits.MinimumDuration(4_000, 10));
        Assert.Equal(TimeSpan.FromMinutes(3), limits.MinimumDuration(10, 3_000_000));
        Assert.Equal(TimeSpan.Zero, new RateLimits(0, 0).MinimumDuration(1_000, 1_000));
    }
}
