using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hindsight.Correction;
using Hindsight.Correction.Cost;
using Hindsight.Correction.Protocol;
using Hindsight.Correction.Providers;
using Hindsight.Messages;
using Hindsight.Runs;
using Hindsight.Stages.Stage;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Stage 4: corrects the typos of human-typed text with an LLM (the engine in Correction/), and keeps every result in
/// <c>corrections</c> and the persistent cache. Without a provider it says so and marks the prompts skipped. Stage 5
/// (<see cref="StagingStage"/>) then stages the results.
/// </summary>
public sealed class CorrectionStage : IStage
{
    public int Number => 4;
    public string Name => "correction";

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var warehouse = context.Warehouse;
        if (warehouse is null)
            return StageOutcome.Skipped("dry run on a new database: nothing has been extracted yet");
        var settings = context.Options.Correction;
        if (!context.Options.DryRun && !await IdentityHasRunAsync(warehouse, cancellationToken))
        {
            // Without stage 3 there are no entities, so stage 4 would "succeed" with 0 prompts: say why instead.
            return new StageOutcome(StageStatus.Failed, 0, 0, 0, new JsonObject { ["summary"] = IdentityMissing }, IdentityMissing);
        }

        var resolution = await ResolveProviderAsync(settings, cancellationToken);
        var provider = resolution.Settings;
        var modelPrices = provider.Kind != ProviderKind.None && context.Prices.TryGet(provider.Model, out var price)
            ? new ModelPrices(price.Base.Input, price.Base.Output)
            : null;
        var options = settings.Engine with { Provider = provider, Prices = modelPrices ?? new ModelPrices(0, 0) };
        // Re-correcting needs a provider: without one, every settled row would only come back skipped.
        var recorrect = settings.Recorrect && provider.Kind != ProviderKind.None;
        var metrics = CorrectionReport.Header(resolution, settings.MinConfidence.ToName(), priced: modelPrices is not null, recorrect);

        await using var targetSession = await warehouse.OpenSessionAsync(cancellationToken);
        await using var cacheSession = await warehouse.OpenSessionAsync(cancellationToken);
        var targets = WithoutProviderKey(new CorrectionTargetReader(targetSession, pageSize: 1000)
            .ReadAsync(settings.MinConfidence, provider.Name, provider.Model, CorrectionPrompt.PromptVersion, recorrect, cancellationToken), provider);
        if (settings.MaxTargets is { } most) targets = targets.Take(most);
        using var cache = new WarehouseCorrectionCache(cacheSession, readOnly: context.Options.DryRun);

        if (context.Options.DryRun)
        {
            var estimate = await new CorrectionEngine().EstimateAsync(targets, cache, options, cancellationToken);
            CorrectionReport.AddEstimate(metrics, estimate, provider, recorrect);
            return new StageOutcome(StageStatus.Succeeded, estimate.Targets, 0, 0, metrics);
        }

        // The provider's own key, pasted into a prompt or printed by a tool, leaves the derived tables before they are read.
        long keyScrubbed = provider.ApiKey is { } providerKey ? await new ProviderKeyScrub(warehouse, providerKey).RunAsync(context.RunId, cancellationToken) : 0;
        metrics["provider_key_rows_scrubbed"] = keyScrubbed;
        // The staged table's fingerprints do not see texts change: its next run restages every file.
        if (keyScrubbed > 0) await StagingStage.RestageEveryFileAsync(warehouse, cancellationToken);

        await using var sinkSession = await warehouse.OpenSessionAsync(cancellationToken);
        var sink = new WarehouseCorrectionSink(sinkSession, context.RunId, settings.ChunkRows, () => cache.FlushAsync(CancellationToken.None));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = await CorrectAsync(context, resolution, options, targets, cache, sink, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        metrics["engine_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        CorrectionReport.AddSummary(metrics, summary, provider, sink.KeptSettled, options.MaxCostUsd);

        if (CorrectionReport.CircuitReason(summary, provider) is { } circuit)
        {
            // The results finished before the circuit opened are kept, and stage 5 still stages them.
            return new StageOutcome(StageStatus.Failed, summary.Targets, summary.Corrected + summary.Unchanged, summary.Failed, metrics,
                $"the provider kept failing, so stage 4 stopped (finished results are kept; re-run to continue): {circuit}")
            {
                LaterStagesRun = true,
            };
        }
        return new StageOutcome(StageStatus.Succeeded, summary.Targets, summary.Corrected + summary.Unchanged, summary.Failed + summary.Rejected, metrics);
    }

    /// <summary>Which provider and model, and why. The Ollama probe's answer is capped like every provider answer: whatever listens on localhost is untrusted.</summary>
    private static async Task<ProviderResolution> ResolveProviderAsync(CorrectionStageOptions settings, CancellationToken cancellationToken)
    {
        using var probe = OpenAICompatibleChatClientFactory.CreateHttpClient(1, new Correction.Providers.Limits.ResponseLimits(
            Correction.Providers.Limits.ResponseLimits.DefaultMaxBytes, TimeSpan.FromSeconds(30)));
        return await new ProviderResolver(settings.Environment, probe).ResolveAsync(settings.Provider, cancellationToken);
    }

    /// <summary>Runs the engine over the targets (none built when there is nothing to correct) and stores every result.</summary>
    private async Task<CorrectionSummary> CorrectAsync(StageContext context, ProviderResolution resolution, CorrectionOptions options,
        IAsyncEnumerable<CorrectionTarget> targets, WarehouseCorrectionCache cache, WarehouseCorrectionSink sink, CancellationToken cancellationToken)
    {
        var settings = context.Options.Correction;
        var provider = resolution.Settings;
        using var progress = context.Progress.BeginStage(Number, Name, null, "prompts");
        // Said before the first request: where prompts go, and why (an Ollama server found on localhost included).
        // Without a provider the run's summary says it once, shortly.
        if (provider.Kind != ProviderKind.None) progress.Note(resolution.Announcement);
        if (settings.Recorrect && provider.Kind == ProviderKind.None) progress.Note("--recorrect needs a provider: settled corrections are kept as they are");
        // Nothing left to correct (the usual re-run): no correction run, limiters or client are built.
        options.Validate();
        var summary = await NonEmptySequence.OrNullAsync(targets, cancellationToken) is { } pending
            ? await new CorrectionEngine().RunAsync(pending, provider.ApiKey is { } key ? new ProviderKeyScrubbingCache(cache, key) : cache,
                new ProgressSink(provider.ApiKey is { } sinkKey ? new ProviderKeyScrubbingSink(sink, sinkKey) : sink, progress), options, cancellationToken)
            : new CorrectionSummary();
        // Cache first: a result in corrections is never targeted again, so its cache entry must already be stored.
        await cache.FlushAsync(CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);
        return summary;
    }

    /// <summary>
    /// The provider's own key, pasted into a prompt, is a secret even when it matches no known pattern: it is
    /// removed before the text goes anywhere, so it is neither sent nor stored in the results.
    /// </summary>
    private static async IAsyncEnumerable<CorrectionTarget> WithoutProviderKey(IAsyncEnumerable<CorrectionTarget> targets, ProviderSettings provider)
    {
        await foreach (var target in targets)
            yield return provider.ApiKey is { } key ? target with { Text = key.Redact(target.Text) } : target;
    }

    internal const string IdentityMissing =
        "stage 3 (identity) has not run on this warehouse, so there is nothing to correct yet: run `hindsight run`, or `hindsight identify` before `hindsight correct`";

    private static async Task<bool> IdentityHasRunAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken) =>
        Convert.ToInt64(await warehouse.ScalarAsync(CorrectionSql.IdentityRuns, cancellationToken, new DuckDBParameter("succeeded", StageStatus.Succeeded.ToName())) ?? 0L, CultureInfo.InvariantCulture) > 0;
}
