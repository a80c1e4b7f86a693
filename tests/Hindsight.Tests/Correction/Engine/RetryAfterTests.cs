using Hindsight.Correction;
using Hindsight.Correction.Caching;
using Hindsight.Simulator;

namespace Hindsight.Tests.Correction.Engine;

public sealed class RetryAfterTests
{
    [Fact]
    public async Task A_rate_limited_batch_is_retried_no_sooner_than_the_servers_Retry_After()
    {
        var corpus = PromptCorpus.Create(TypoOracle.Load(), 60, seed: 91);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Seed = 3, Faults = new FaultRates { TooManyRequests = 0.3 } }, TestContext.Current.CancellationToken);
        var options = SimulatorOptionsFor.OpenAI(server) with { MaxItemsPerBatch = 3, MaxRetryDelay = TimeSpan.FromSeconds(5), MaxRetries = 8 };

        var summary = await new CorrectionEngine().RunAsync(Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), new CollectingSink(), options, TestContext.Current.CancellationToken);

        // The simulator's injected 429s ask for 0.5 to 3 s; the engine's own backoff would start at 20 ms.
        var requests = server.ReceivedRequests().OrderBy(request => request.ReceivedAt).ToList();
        var rateLimited = requests.Where(request => request.Status == 429).ToList();
        Assert.NotEmpty(rateLimited);
        foreach (var refused in rateLimited)
        {
            var retry = requests.First(request => request.ReceivedAt > refused.ReceivedAt && request.Body == refused.Body);
            Assert.True(retry.ReceivedAt - refused.ReceivedAt >= TimeSpan.FromMilliseconds(490), $"retried after {(retry.ReceivedAt - refused.ReceivedAt).TotalMilliseconds} ms");
        }

        Assert.Equal(rateLimited.Count, summary.RateLimited);
        Assert.Equal(corpus.Targets.Count, summary.Corrected);
    }
}
