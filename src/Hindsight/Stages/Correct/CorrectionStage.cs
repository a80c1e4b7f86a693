using Hindsight.Stages.Stage;
using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Correction;
using Hindsight.Correction.Cost;
using Hindsight.Correction.Protocol;
using Hindsight.Correction.Providers;
using Hindsight.Correction.Throughput;
using Hindsight.Pricing;
using Hindsight.Runs;
using Hindsight.Stages.Correct;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Stage 4: corrects the typos of human-typed text with an LLM (the engine in Correction/), keeps every
/// result in <c>corrections</c> and the persistent cache, and stages the rows of the seed's staged table (a view that
/// references the texts; <see cref="StagedTableBuilder"/>). Without
/// a provider it says so, marks the prompts skipped and still stages the original text.
/// </summary>
public sealed class CorrectionStage : IStage
{
    public int Number => 4;
    public string Name => "correction";

    /// <summary>
    /// What the staged table is made from; the row count of its narrow table guards against outside edits. The redaction
    /// version is added to these, so a change of the secret rules (which redacts content blocks again) restages the rows.
    /// </summary>
    private static readonly string[] StagedTableInputs =
    [
        "SELECT count(*), sum(hash(entity_id, file_id, line_no, parent_id)) FROM entities WHERE level IN (5, 3)",
        "SELECT count(*), sum(hash(file_id, line_no, ingest_run_id, is_duplicate, kind)) FROM messages",
        "SELECT count(*), sum(hash(entity_id, status, settled_at)) FROM corrections",
        "SELECT count(*), sum(hash(file_id, line_no, cost_usd)) FROM api_calls",
        "SELECT count(*) FROM claude_code_stage_4_rows",
    ];

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

        ProviderResolution resolution;
        // The Ollama probe's answer is capped like every provider answer: whatever listens on localhost is untrusted.
        using (var probe = OpenAICompatibleChatClientFactory.CreateHttpClient(1, new Correction.Providers.Limits.ResponseLimits(
                   Correction.Providers.Limits.ResponseLimits.DefaultMaxBytes, TimeSpan.FromSeconds(30))))
        {
            resolution = await new ProviderResolver(settings.Environment, probe).ResolveAsync(settings.Provider, cancellationToken);
        }
        var provider = resolution.Settings;
        var prices = context.Prices;
        var modelPrices = provider.Kind != ProviderKind.None && prices.TryGet(provider.Model, out var price)
            ? new ModelPrices(price.Base.Input, price.Base.Output)
            : null;
        var options = new CorrectionOptions
        {
            Provider = provider,
            MaxItemsPerBatch = settings.PromptsPerBatch,
            MaxBatchInputTokens = settings.MaxBatchInputTokens,
            MaxPromptTokens = settings.MaxPromptTokens,
            InitialConcurrency = settings.InitialConcurrency,
            MaxConcurrency = settings.MaxConcurrency,
            RateLimits = new RateLimits(settings.RequestsPerMinute, settings.TokensPerMinute),
            CallTimeout = settings.CallTimeout,
            MaxRetries = settings.MaxRetries,
            MaxCostUsd = settings.MaxCostUsd,
            Prices = modelPrices ?? new ModelPrices(0, 0),
        };

        // Re-correcting needs a provider: without one, every settled row would only come back skipped.
        var recorrect = settings.Recorrect && provider.Kind != ProviderKind.None;
        await using var targetSession = await warehouse.OpenSessionAsync(cancellationToken);
        await using var cacheSession = await warehouse.OpenSessionAsync(cancellationToken);
        var targets = WithoutProviderKey(new CorrectionTargetReader(targetSession, pageSize: 1000)
            .ReadAsync(settings.MinConfidence, provider.Name, provider.Model, CorrectionPrompt.PromptVersion, recorrect, cancellationToken), provider);
        using var cache = new WarehouseCorrectionCache(cacheSession, readOnly: context.Options.DryRun);
        var engine = new CorrectionEngine();

        var metrics = new JsonObject
        {
            ["provider"] = provider.Name,
            ["model"] = provider.Model,
            ["prompt_version"] = CorrectionPrompt.PromptVersion,
            ["provider_sources"] = new JsonArray(resolution.Sources.Select(s => (JsonNode?)s).ToArray()),
            ["provider_choice"] = new JsonObject
            {
                ["provider"] = provider.Name, ["model"] = provider.Model, ["base_url"] = provider.BaseUrl?.ToString(), ["origin"] = resolution.Origin,
            },
            ["min_confidence"] = Messages.PromptConfidenceNames.ToName(settings.MinConfidence),
            ["provider_disabled_reason"] = provider.DisabledReason,
            ["priced"] = modelPrices is not null,
            ["recorrect"] = recorrect,
        };

        if (context.Options.DryRun)
        {
            var estimate = await engine.EstimateAsync(targets, cache, options, cancellationToken);
            metrics["targets"] = estimate.Targets;
            metrics["unique_texts"] = estimate.UniqueTexts;
            metrics["cache_hits"] = estimate.CacheHits;
            metrics["skipped"] = estimate.Skipped;
            metrics["batches"] = estimate.Batches;
            metrics["estimated_input_tokens"] = estimate.EstimatedInputTokens;
            metrics["estimated_output_tokens"] = estimate.EstimatedOutputTokens;
            metrics["estimated_cost_usd"] = (double)estimate.EstimatedCostUsd;
            metrics["minimum_seconds"] = Math.Round(estimate.MinimumDuration.TotalSeconds, 1);
            metrics["summary"] = provider.Kind == ProviderKind.None
                ? $"dry run: {estimate.Targets:N0} prompts would be skipped: {ShortReason(provider.DisabledReason)}"
                : $"dry run: {(recorrect ? "re-correcting, " : "")}{estimate.Targets:N0} prompts, {estimate.UniqueTexts:N0} unique, {estimate.CacheHits:N0} cached, {estimate.Batches:N0} requests, ~{estimate.EstimatedInputTokens + estimate.EstimatedOutputTokens:N0} tokens, ~${estimate.EstimatedCostUsd.ToString("F4", CultureInfo.InvariantCulture)}, at least {estimate.MinimumDuration.TotalSeconds:F0} s under the rate limits";
            return new StageOutcome(StageStatus.Succeeded, estimate.Targets, 0, 0, metrics);
        }

        // The provider's own key, pasted into a prompt or printed by a tool, leaves the derived tables before they are read.
        long keyScrubbed = provider.ApiKey is { } providerKey ? await new ProviderKeyScrub(warehouse, providerKey).RunAsync(context.RunId, cancellationToken) : 0;
        metrics["provider_key_rows_scrubbed"] = keyScrubbed;
        await using var sinkSession = await warehouse.OpenSessionAsync(cancellationToken);
        var sink = new WarehouseCorrectionSink(sinkSession, context.RunId, settings.ChunkRows, () => cache.FlushAsync(CancellationToken.None));
        CorrectionSummary summary;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var progress = context.Progress.BeginStage(Number, Name, null, "prompts"))
        {
            // Said before the first request: where prompts go, and why (an Ollama server found on localhost included).
            // Without a provider the run's summary says it once, shortly.
            if (provider.Kind != ProviderKind.None) progress.Note(resolution.Announcement);
            if (settings.Recorrect && !recorrect) progress.Note("--recorrect needs a provider: settled corrections are kept as they are");
            // Nothing left to correct (the usual re-run): no correction run, limiters or client are built.
            options.Validate();
            summary = await NonEmptyAsync(targets, cancellationToken) is { } pending
                ? await engine.RunAsync(pending, provider.ApiKey is { } key ? new ProviderKeyScrubbingCache(cache, key) : cache,
                    new ProgressSink(provider.ApiKey is { } sinkKey ? new ProviderKeyScrubbingSink(sink, sinkKey) : sink, progress), options, cancellationToken)
                : new CorrectionSummary();
            // Cache first: a result in corrections is never targeted again, so its cache entry must already be stored.
            await cache.FlushAsync(CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
        }
        cancellationToken.ThrowIfCancellationRequested();
        metrics["engine_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        clock.Restart();

        // The staged table is rebuilt only when what it is made from changed (this run's results included), and then only
        // the rows of the files whose inputs changed, unless the provider's key was scrubbed from texts (every file).
        var stagedInputs = new StageInputs(warehouse, stage: 40);
        var stagedSignature = await stagedInputs.SignatureAsync(StagedTableInputs, [Secrets.SecretRedactor.Version], cancellationToken);
        long stagedInserted = 0, stagedRemoved = 0, stagedTotal;
        if (keyScrubbed == 0 && await stagedInputs.UnchangedSinceLastRunAsync(stagedSignature, cancellationToken))
        {
            stagedTotal = await StagedTableBuilder.CountAsync(warehouse, cancellationToken);
        }
        else
        {
            await stagedInputs.ForgetAsync(cancellationToken);
            (stagedInserted, stagedRemoved, stagedTotal) = await new StagedTableBuilder(warehouse).RunAsync(context.RunId, onlyChangedFiles: keyScrubbed == 0, cancellationToken);
            await stagedInputs.RememberAsync(await stagedInputs.SignatureAsync(StagedTableInputs, [Secrets.SecretRedactor.Version], cancellationToken), context.RunId, cancellationToken);
        }
        metrics["staged_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        metrics["targets"] = summary.Targets;
        metrics["corrected"] = summary.Corrected;
        metrics["unchanged"] = summary.Unchanged;
        metrics["rejected"] = summary.Rejected;
        metrics["failed"] = summary.Failed;
        metrics["skipped"] = summary.Skipped;
        metrics["calls"] = summary.Calls;
        metrics["batches"] = summary.Batches;
        metrics["retries"] = summary.Retries;
        metrics["rate_limited"] = summary.RateLimited;
        metrics["timed_out"] = summary.TimedOut;
        metrics["splits"] = summary.Splits;
        metrics["cache_hits"] = summary.CacheHits;
        metrics["cache_misses"] = summary.CacheMisses;
        metrics["deduplicated"] = summary.Deduplicated;
        metrics["input_tokens"] = summary.InputTokens;
        metrics["output_tokens"] = summary.OutputTokens;
        metrics["cost_usd"] = (double)summary.CostUsd;
        metrics["peak_concurrency"] = summary.PeakConcurrency;
        metrics["cost_limit_reached"] = summary.CostLimitReached;
        metrics["circuit_open"] = summary.CircuitOpenReason is { } reason ? provider.ApiKey?.Redact(reason) ?? reason : null;
        metrics["usage_rejected"] = summary.UsageRejected;
        metrics["usage_rejected_reason"] = summary.UsageRejectedReason;
        metrics["settled_kept"] = sink.KeptSettled;
        metrics["staged_rows"] = stagedTotal;
        metrics["staged_written"] = stagedInserted;
        metrics["staged_replaced_or_removed"] = stagedRemoved;
        metrics["summary"] = provider.Kind == ProviderKind.None
            ? $"correction skipped, {summary.Skipped:N0} prompts kept as typed: {ShortReason(provider.DisabledReason)}"
            : $"{summary.Targets:N0} prompts: {summary.Corrected:N0} corrected, {summary.Unchanged:N0} unchanged, {summary.Rejected:N0} rejected, {summary.Failed:N0} failed, {summary.Skipped:N0} skipped; {summary.Calls:N0} calls, {summary.CacheHits:N0} cache hits, ${summary.CostUsd.ToString("F4", CultureInfo.InvariantCulture)}"
              + (summary.CostLimitReached ? $"; cost limit ${settings.MaxCostUsd} reached, the rest left for the next run" : "")
              + (sink.KeptSettled > 0 ? $"; {sink.KeptSettled:N0} earlier corrections kept (a new answer replaces one only when it is settled)" : "");

        if (summary.CircuitOpenReason is { } circuitReason)
        {
            var circuit = provider.ApiKey?.Redact(circuitReason) ?? circuitReason;
            return new StageOutcome(StageStatus.Failed, summary.Targets, summary.Corrected + summary.Unchanged, summary.Failed, metrics,
                $"the provider kept failing, so stage 4 stopped (finished results are kept; re-run to continue): {circuit}");
        }
        return new StageOutcome(StageStatus.Succeeded, summary.Targets, summary.Corrected + summary.Unchanged, summary.Failed + summary.Rejected, metrics);
    }

    /// <summary>
    /// The same sequence, or null when it is empty (found by reading its first element only). The enumerator is
    /// disposed when the returned sequence is enumerated to its end or abandoned by its consumer's own disposal.
    /// </summary>
    private static async Task<IAsyncEnumerable<T>?> NonEmptyAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (await enumerator.MoveNextAsync()) return FromCurrent(enumerator);
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
        await enumerator.DisposeAsync();
        return null;

        static async IAsyncEnumerable<T> FromCurrent(IAsyncEnumerator<T> started)
        {
            try
            {
                do yield return started.Current;
                while (await started.MoveNextAsync());
            }
            finally
            {
                await started.DisposeAsync();
            }
        }
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

    /// <summary>Counts settled prompts for the progress line as results reach the warehouse.</summary>
    private sealed class ProgressSink(ICorrectionSink inner, IStageProgress progress) : ICorrectionSink
    {
        public async ValueTask WriteAsync(IReadOnlyList<CorrectionResult> results, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(results, cancellationToken);
            progress.Advance(results.Count);
        }
    }

    internal const string IdentityMissing =
        "stage 3 (identity) has not run on this warehouse, so there is nothing to correct yet: run `hindsight run`, or `hindsight identify` before `hindsight correct`";

    private static async Task<bool> IdentityHasRunAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken) =>
        Convert.ToInt64(await warehouse.ScalarAsync("SELECT count(*) FROM run_stages WHERE stage = 3 AND status = 'succeeded'", cancellationToken) ?? 0L,
            CultureInfo.InvariantCulture) > 0;

    /// <summary>
    /// The no-provider advice in one short sentence; the full instructions are in `hindsight correct --help` and the
    /// stage's provider_disabled_reason metric, so a run does not repeat a paragraph every time.
    /// </summary>
    private static string ShortReason(string? reason)
    {
        const string details = " (see `hindsight correct --help`)";
        const string prefix = "Stage 4 skipped LLM correction: ";
        if (reason is null) return "no provider" + details;
        int cut = reason.IndexOf(" To enable it:", StringComparison.Ordinal);
        if (cut < 0) return reason;
        var first = reason[..cut].TrimEnd('.');
        return (first.StartsWith(prefix, StringComparison.Ordinal) ? first[prefix.Length..] : first) + details;
    }
}
