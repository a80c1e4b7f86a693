using Hindsight.Correction;
using Hindsight.Correction.Caching;
using Hindsight.Correction.Protection;
using Hindsight.Correction.Providers;
using Hindsight.Simulator;

namespace Hindsight.Tests.Correction.Engine;

public sealed class CorrectionEngineRunTests
{
    [Fact]
    public async Task The_dry_run_predicts_exactly_the_requests_of_a_fault_free_run()
    {
        var oracle = TypoOracle.Load();
        var corpus = PromptCorpus.Create(oracle, 400, seed: 21, duplicateEvery: 7);
        var longPrompt = new CorrectionTarget("long", string.Concat(Enumerable.Repeat("pls fix teh wording of this long prompt ", 200)));
        var tooLong = new CorrectionTarget("too-long", string.Concat(Enumerable.Repeat("way too long prompt ", 2_000)));
        var onlyCode = new CorrectionTarget("only-code", "```\nvar x = 1;\n```");
        var targets = corpus.Targets.Concat([longPrompt, tooLong, onlyCode]).ToList();
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), TestContext.Current.CancellationToken);
        var cache = new InMemoryCorrectionCache();
        var options = SimulatorOptionsFor.OpenAI(server);
        var engine = new CorrectionEngine();
        await engine.RunAsync(Targets.Stream(targets.Take(50)), cache, new CollectingSink(), options, TestContext.Current.CancellationToken);
        var requestsBefore = server.Stats.Requests;

        var estimate = await engine.EstimateAsync(Targets.Stream(targets), cache, options, TestContext.Current.CancellationToken);
        var sink = new CollectingSink();
        var summary = await engine.RunAsync(Targets.Stream(targets), cache, sink, options, TestContext.Current.CancellationToken);

        Assert.Equal(server.Stats.Requests - requestsBefore, estimate.Batches);
        Assert.Equal(summary.Calls, estimate.Batches);
        Assert.Equal(summary.Batches, estimate.Batches);
        Assert.Equal(targets.Count, estimate.Targets);
        Assert.True(estimate.CacheHits > 0);
        Assert.Equal(1, estimate.Skipped);
        Assert.Equal(1, estimate.NothingToCorrect);
        Assert.True(estimate.EstimatedCostUsd > 0m);
        Assert.Equal(targets.Count, sink.Results.Count);
        Assert.Equal(CorrectionStatus.Skipped, sink.Results.Single(result => result.EntityId == "too-long").Status);
        Assert.StartsWith("prompt too long", sink.Results.Single(result => result.EntityId == "too-long").Reason, StringComparison.Ordinal);
        Assert.Equal(CorrectionStatus.Unchanged, sink.Results.Single(result => result.EntityId == "only-code").Status);
        Assert.Equal(CorrectionStatus.Corrected, sink.Results.Single(result => result.EntityId == "long").Status);
    }

    [Fact]
    public async Task Identical_texts_are_sent_once_and_a_second_run_makes_no_call()
    {
        var oracle = TypoOracle.Load();
        var corpus = PromptCorpus.Create(oracle, 300, seed: 31, duplicateEvery: 3);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), TestContext.Current.CancellationToken);
        var cache = new InMemoryCorrectionCache();
        var options = SimulatorOptionsFor.OpenAI(server);
        var engine = new CorrectionEngine();

        var first = await engine.RunAsync(Targets.Stream(corpus.Targets), cache, new CollectingSink(), options, TestContext.Current.CancellationToken);
        var sentTexts = SentItems.Texts(server.ReceivedRequests());
        var requestsAfterFirst = server.Stats.Requests;
        var secondSink = new CollectingSink();
        var second = await engine.RunAsync(Targets.Stream(corpus.Targets), cache, secondSink, options, TestContext.Current.CancellationToken);

        Assert.Equal(sentTexts.Count, sentTexts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(corpus.Targets.Select(target => target.Text).Distinct().Count(), sentTexts.Count);
        Assert.True(first.Deduplicated > 0);
        Assert.Equal(requestsAfterFirst, server.Stats.Requests);
        Assert.Equal(0, second.Calls);
        Assert.Equal(corpus.Targets.Count, second.CacheHits);
        Assert.All(secondSink.Results, result => Assert.True(result.CacheHit));
        Assert.All(secondSink.Results, result => Assert.Equal(oracle.Expected(result.OriginalText), result.CorrectedText));
    }

    [Fact]
    public async Task A_cancelled_run_keeps_finished_batches_and_the_next_run_finishes_the_rest_without_resending_them()
    {
        var oracle = TypoOracle.Load();
        var corpus = PromptCorpus.Create(oracle, 300, seed: 41);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { LatencyMedianMs = 60 }, TestContext.Current.CancellationToken);
        var cache = new InMemoryCorrectionCache();
        var options = SimulatorOptionsFor.OpenAI(server) with { InitialConcurrency = 2, MaxConcurrency = 2 };
        var engine = new CorrectionEngine();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var firstSink = new CollectingSink(sink =>
        {
            if (sink.Results.Count >= 60)
            {
                cancellation.Cancel();
            }
        });

        var first = await engine.RunAsync(Targets.Stream(corpus.Targets), cache, firstSink, options, cancellation.Token);
        var finished = firstSink.Results;
        var requestsAfterFirst = server.ReceivedRequests().Count;
        var cachedAfterFirst = cache.Count;
        var secondSink = new CollectingSink();
        var second = await engine.RunAsync(Targets.Stream(corpus.Targets), cache, secondSink, options, TestContext.Current.CancellationToken);

        Assert.True(first.Cancelled);
        Assert.InRange(finished.Count, 60, corpus.Targets.Count - 1);
        Assert.Equal(finished.Count, finished.Select(result => result.EntityId).Distinct().Count());
        Assert.Equal(finished.Count, cachedAfterFirst);
        Assert.Equal(corpus.Targets.Select(target => target.EntityId).Order(), secondSink.Results.Select(result => result.EntityId).Order());
        var finishedTexts = finished.Select(result => TextProtector.Protect(result.OriginalText).Text).ToHashSet(StringComparer.Ordinal);
        var resent = SentItems.Texts(server.ReceivedRequests().Skip(requestsAfterFirst)).Where(finishedTexts.Contains).ToList();
        Assert.Empty(resent);
        Assert.Equal(finished.Count, second.CacheHits);
        Assert.All(secondSink.Results, result => Assert.Equal(oracle.Expected(result.OriginalText), result.CorrectedText));
    }

    [Fact]
    public async Task Without_a_provider_every_target_is_skipped_and_the_summary_says_how_to_enable_correction()
    {
        var corpus = PromptCorpus.Create(TypoOracle.Load(), 40, seed: 51);
        var sink = new CollectingSink();
        var options = new CorrectionOptions { Provider = ProviderSettings.Disabled("Stage 4 skipped LLM correction. " + ProviderResolver.HowToEnable) };

        var summary = await new CorrectionEngine().RunAsync(Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), sink, options, TestContext.Current.CancellationToken);

        Assert.Equal(40, summary.Skipped);
        Assert.All(sink.Results, result =>
        {
            Assert.Equal(CorrectionStatus.Skipped, result.Status);
            Assert.Equal("no provider configured", result.Reason);
            Assert.Equal(result.OriginalText, result.CorrectedText);
        });
        Assert.Contains("GEMINI_API_KEY", summary.ProviderDisabledReason, StringComparison.Ordinal);
        Assert.Equal(0, summary.Calls);
    }

    [Fact]
    public async Task The_cost_limit_stops_new_batches_and_skips_what_was_not_sent()
    {
        var corpus = PromptCorpus.Create(TypoOracle.Load(), 300, seed: 61);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), TestContext.Current.CancellationToken);
        var sink = new CollectingSink();
        var options = SimulatorOptionsFor.OpenAI(server) with { MaxCostUsd = 0.0003m, InitialConcurrency = 1, MaxConcurrency = 1 };

        var summary = await new CorrectionEngine().RunAsync(Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), sink, options, TestContext.Current.CancellationToken);

        Assert.True(summary.CostLimitReached);
        Assert.InRange(summary.CostUsd, 0.0003m, 0.0006m);
        Assert.True(summary.Corrected > 0);
        Assert.Equal(corpus.Targets.Count, sink.Results.Count);
        var skipped = sink.Results.Where(result => result.Status == CorrectionStatus.Skipped).ToList();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, result => Assert.Equal("cost limit reached", result.Reason));
        Assert.Equal(summary.CostUsd, sink.Results.Sum(result => result.CostUsd), 10);
    }

    [Fact]
    public async Task Gemini_resolved_from_its_key_talks_to_the_Gemini_endpoint_with_the_key()
    {
        const string Key = "gemini-test-key-123456";
        var corpus = PromptCorpus.Create(TypoOracle.Load(), 30, seed: 71);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        using var probe = new HttpClient();
        var environment = new Dictionary<string, string?> { ["GEMINI_API_KEY"] = Key };
        var resolution = await new ProviderResolver(name => environment.GetValueOrDefault(name), probe)
            .ResolveAsync(new ProviderRequest { BaseUrl = server.GeminiBaseUrl }, TestContext.Current.CancellationToken);
        var sink = new CollectingSink();
        var options = SimulatorOptionsFor.OpenAI(server) with { Provider = resolution.Settings };

        var summary = await new CorrectionEngine().RunAsync(Targets.Stream(corpus.Targets), new InMemoryCorrectionCache(), sink, options, TestContext.Current.CancellationToken);

        Assert.Equal(ProviderKind.Gemini, resolution.Settings.Kind);
        Assert.Equal("gemini-2.5-flash-lite", resolution.Settings.Model);
        Assert.Equal(30, summary.Corrected);
        Assert.All(sink.Results, result => Assert.Equal("gemini", result.Provider));
        Assert.All(server.ReceivedRequests(), request =>
        {
            Assert.Equal("/v1beta/openai/chat/completions", request.Path);
            Assert.True(request.HadAuthorization);
            Assert.Contains("\"temperature\":0", request.Body, StringComparison.Ordinal);
            Assert.Contains("json_schema", request.Body, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(resolution.Sources, line => line.Contains(Key, StringComparison.Ordinal));
        Assert.True(summary.InputTokens > 0 && summary.OutputTokens > 0);
        Assert.Equal(server.Stats.PromptTokens, summary.InputTokens);
        Assert.Equal(server.Stats.CompletionTokens, summary.OutputTokens);
    }
}
