using Hindsight.Correction;
using Hindsight.Correction.Caching;
using Hindsight.Simulator;

namespace Hindsight.Tests.Correction.Engine;

public sealed class CorrectionEngineFaultTests
{
    [Fact]
    public async Task With_every_fault_at_once_each_target_ends_with_exactly_one_status_and_no_bad_answer_is_accepted()
    {
        var oracle = TypoOracle.Load();
        var corpus = PromptCorpus.Create(oracle, 400, seed: 11);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 5,
            TimeoutHold = TimeSpan.FromSeconds(5),
            Faults = new FaultRates
            {
                TooManyRequests = 0.10,
                ServerError = 0.05,
                Timeout = 0.02,
                MalformedJson = 0.05,
                MissingId = 0.02,
                ExtraId = 0.02,
                DuplicateId = 0.01,
                TamperedPlaceholder = 0.03,
                Rewrite = 0.03,
            },
        }, TestContext.Current.CancellationToken);
        var sink = new CollectingSink();
        var options = SimulatorOptionsFor.OpenAI(server) with { CallTimeout = TimeSpan.FromSeconds(2), MaxRetries = 6, MaxItemsPerBatch = 4 };

        var summary = await new CorrectionEngine().RunAsync(
            Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), sink, options, TestContext.Current.CancellationToken);

        var results = sink.Results;
        Assert.Equal(corpus.Targets.Select(target => target.EntityId).Order(), results.Select(result => result.EntityId).Order());
        Assert.False(sink.WasCalledConcurrently);
        Assert.Equal(summary.Targets, summary.Corrected + summary.Unchanged + summary.Rejected + summary.Failed + summary.Skipped);
        var byId = corpus.Targets.ToDictionary(target => target.EntityId);
        foreach (var result in results)
        {
            var original = byId[result.EntityId].Text;
            Assert.Equal(original, result.OriginalText);
            switch (result.Status)
            {
                case CorrectionStatus.Corrected:
                    Assert.Equal(oracle.Expected(original), result.CorrectedText);
                    break;
                case CorrectionStatus.Unchanged:
                    Assert.Equal(original, oracle.Expected(original));
                    Assert.Equal(original, result.CorrectedText);
                    break;
                default:
                    Assert.False(string.IsNullOrWhiteSpace(result.Reason));
                    Assert.Equal(original, result.CorrectedText);
                    break;
            }
        }

        // Each applied tampering or rewrite spoils one item of an otherwise valid answer, and nothing else is rejected
        // (all texts are distinct); an answer whose call had already timed out on our side is never seen, hence at most.
        var stats = server.Stats;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"requests {stats.Requests}: 429 {stats.RateLimited}, 5xx {stats.ServerErrors}, timeouts {stats.TimedOut}, malformed {stats.MalformedJson}, "
            + $"ids {stats.MissingId}/{stats.ExtraId}/{stats.DuplicateId}, tampered {stats.TamperedPlaceholder}, rewrites {stats.Rewrite}; {summary}");
        Assert.True(
            stats.TamperedPlaceholder > 0 && stats.Rewrite > 0 && stats.RateLimited > 0 && stats.TimedOut > 0 && stats.MalformedJson > 0 && stats.ServerErrors > 0,
            $"requests {stats.Requests}: 429 {stats.RateLimited}, 5xx {stats.ServerErrors}, timeouts {stats.TimedOut}, malformed {stats.MalformedJson}, "
            + $"ids {stats.MissingId}/{stats.ExtraId}/{stats.DuplicateId}, tampered {stats.TamperedPlaceholder}, rewrites {stats.Rewrite}");
        Assert.InRange(summary.Rejected, 1, stats.TamperedPlaceholder + stats.Rewrite);
        Assert.All(results.Where(result => result.Status == CorrectionStatus.Rejected), result =>
            Assert.Matches("placeholder|length ratio|edit distance", result.Reason!));
        Assert.True(summary.Splits > 0 && summary.Retries > 0);

        var bodies = server.ReceivedRequests().Select(request => request.Body).ToList();
        Assert.NotEmpty(corpus.Secrets);
        Assert.All(corpus.Secrets, secret => Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_that_always_fails_opens_the_circuit_and_the_stage_stops_with_every_target_failed()
    {
        var oracle = TypoOracle.Load();
        var corpus = PromptCorpus.Create(oracle, 200, seed: 3);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Faults = new FaultRates { ServerError = 1.0 } }, TestContext.Current.CancellationToken);
        var sink = new CollectingSink();
        var options = SimulatorOptionsFor.OpenAI(server) with { CircuitBreakerThreshold = 10, MaxRetries = 2 };

        var summary = await new CorrectionEngine().RunAsync(
            Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), sink, options, TestContext.Current.CancellationToken);

        Assert.NotNull(summary.CircuitOpenReason);
        Assert.Contains("circuit open", summary.CircuitOpenReason, StringComparison.Ordinal);
        Assert.Equal(corpus.Targets.Count, sink.Results.Count);
        Assert.All(sink.Results, result => Assert.Equal(CorrectionStatus.Failed, result.Status));
        Assert.Contains(sink.Results, result => result.Reason!.StartsWith("circuit open", StringComparison.Ordinal));

        // The breaker, not the number of batches, bounds the calls: far fewer than one per batch with its retries.
        Assert.True(server.Stats.Requests < 40, $"{server.Stats.Requests} requests reached a failing server");
    }

    [Fact]
    public async Task A_wrong_key_opens_the_circuit_at_once_and_the_key_appears_nowhere()
    {
        const string WrongKey = "sk-wrong-key-0123456789abcdefghij";
        var corpus = PromptCorpus.Create(TypoOracle.Load(), 60, seed: 4);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "the-right-key" }, TestContext.Current.CancellationToken);
        var sink = new CollectingSink();
        var options = SimulatorOptionsFor.OpenAI(server);
        options = options with { Provider = options.Provider with { ApiKey = new Hindsight.Correction.Providers.ApiKey(WrongKey) } };

        var summary = await new CorrectionEngine().RunAsync(
            Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), sink, options, TestContext.Current.CancellationToken);

        Assert.Contains("HTTP 401", summary.CircuitOpenReason, StringComparison.Ordinal);
        Assert.All(sink.Results, result => Assert.Equal(CorrectionStatus.Failed, result.Status));
        Assert.DoesNotContain(sink.Results, result => result.Reason!.Contains(WrongKey, StringComparison.Ordinal));
        Assert.DoesNotContain(WrongKey, summary.CircuitOpenReason, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, options.Provider.ToString(), StringComparison.Ordinal);
        Assert.True(server.Stats.Unauthorized <= options.InitialConcurrency, $"{server.Stats.Unauthorized} calls after the first 401");
    }
}
