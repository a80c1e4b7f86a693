using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Hindsight.Correction.Caching;
using Hindsight.Correction.Cost;
using Hindsight.Correction.Planning;
using Hindsight.Correction.Providers;
using Hindsight.Correction.Providers.Limits;
using Hindsight.Correction.Throughput;

namespace Hindsight.Correction.Engine;

/// <summary>
/// One run, as three loops joined by channels: the reader (protect, look up the cache in chunks, deduplicate, plan
/// batches), the dispatcher (concurrency slot, then one task per batch) and the writer (store settled answers in the
/// cache, fan answers out to waiting targets, hand results to the sink). Bounded channels keep memory flat; the
/// writer is the only caller of the sink and of cache stores.
/// </summary>
internal sealed class CorrectionRun : IAsyncDisposable
{
    private const int BatchQueueCapacity = 16;
    private const int ReadyMessagesInFlight = 8;
    private readonly CorrectionOptions _options;
    private readonly ICorrectionCache _cache;
    private readonly ICorrectionSink _sink;
    private readonly RunLedger _ledger = new();
    private readonly RunCounters _counters = new();
    private readonly ResultFactory _results;
    private readonly Channel<PlannedBatch> _batches = Channel.CreateBounded<PlannedBatch>(new BoundedChannelOptions(BatchQueueCapacity) { SingleReader = true, SingleWriter = true });
    private readonly Channel<RunMessage> _messages = Channel.CreateUnbounded<RunMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _readyBudget = new(ReadyMessagesInFlight);
    private readonly SemaphoreSlim _cacheGate = new(1, 1);
    private readonly AdaptiveConcurrencyLimiter _concurrency;
    private readonly CircuitBreaker _breaker;
    private readonly CostMeter _cost;
    private readonly RequestRateLimiter _rateLimiter;
    private readonly HttpClient? _httpClient;
    private readonly BatchExecutor? _executor;
    private long _targets;
    private long _batchCount;
    private long _cacheHits;
    private long _cacheMisses;
    private long _deduplicated;
    private readonly long[] _statusCounts = new long[5];
    private Exception? _fatal;

    internal CorrectionRun(CorrectionOptions options, ICorrectionCache cache, ICorrectionSink sink)
    {
        _options = options;
        _cache = cache;
        _sink = sink;
        _results = new ResultFactory(options.Provider.Name, options.Provider.Model);
        _concurrency = new AdaptiveConcurrencyLimiter(options.InitialConcurrency, 1, options.MaxConcurrency);
        _breaker = new CircuitBreaker(options.CircuitBreakerThreshold);
        _cost = new CostMeter(options.Prices, options.MaxCostUsd);
        _rateLimiter = new RequestRateLimiter(options.RateLimits);
        if (options.Provider.Kind != ProviderKind.None)
        {
            _httpClient = OpenAICompatibleChatClientFactory.CreateHttpClient(options.MaxConcurrency, new ResponseLimits(options.MaxResponseBytes, options.CallTimeout));
            var chatClient = OpenAICompatibleChatClientFactory.Create(options.Provider, _httpClient, options.CallTimeout + TimeSpan.FromSeconds(5));
            var caller = new ChatBatchCaller(chatClient, options.Provider, options.Temperature, options.CallTimeout);
            _executor = new BatchExecutor(caller, _rateLimiter, _concurrency, _breaker, _cost, _counters, options, Publish);
        }
    }

    internal async Task<CorrectionSummary> RunAsync(IAsyncEnumerable<CorrectionTarget> targets, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = GuardAsync(() => ReadAsync(targets, run.Token), run, () => _batches.Writer.TryComplete());
        var dispatcher = GuardAsync(() => DispatchAsync(run.Token), run, null);
        var producers = Task.WhenAll(reader, dispatcher).ContinueWith(_ => _messages.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var writer = GuardAsync(WriteAsync, run, null);
        await Task.WhenAll(reader, dispatcher, producers, writer);
        if (_fatal is not null)
        {
            ExceptionDispatchInfo.Capture(_fatal).Throw();
        }

        return new CorrectionSummary
        {
            Targets = Interlocked.Read(ref _targets),
            Corrected = _statusCounts[(int)CorrectionStatus.Corrected],
            Unchanged = _statusCounts[(int)CorrectionStatus.Unchanged],
            Rejected = _statusCounts[(int)CorrectionStatus.Rejected],
            Failed = _statusCounts[(int)CorrectionStatus.Failed],
            Skipped = _statusCounts[(int)CorrectionStatus.Skipped],
            Batches = _batchCount,
            Calls = _counters.Calls,
            Retries = _counters.Retries,
            RateLimited = _counters.RateLimited,
            TimedOut = _counters.TimedOut,
            Splits = _counters.Splits,
            InputTokens = _cost.InputTokens,
            OutputTokens = _cost.OutputTokens,
            CostUsd = _cost.SpentUsd,
            CacheHits = _cacheHits,
            CacheMisses = _cacheMisses,
            Deduplicated = _deduplicated,
            PeakConcurrency = _concurrency.PeakLimit,
            Elapsed = Stopwatch.GetElapsedTime(started),
            Cancelled = cancellationToken.IsCancellationRequested,
            CircuitOpenReason = _breaker.Reason,
            UsageRejected = _counters.UsageRejectedCount,
            UsageRejectedReason = _counters.FirstUsageRejectedReason,
            CostLimitReached = _cost.LimitReached,
            ProviderDisabledReason = _options.Provider.Kind == ProviderKind.None ? _options.Provider.DisabledReason ?? TargetPreparer.NoProviderReason : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _rateLimiter.DisposeAsync();
        _httpClient?.Dispose();
        _readyBudget.Dispose();
        _cacheGate.Dispose();
    }

    private async Task GuardAsync(Func<Task> body, CancellationTokenSource run, Action? whenDone)
    {
        try
        {
            await body();
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            // Cancellation: what finished is reported, the rest is left for the next run.
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _fatal, exception, null);
            await run.CancelAsync();
        }
        finally
        {
            whenDone?.Invoke();
        }
    }

    private async Task ReadAsync(IAsyncEnumerable<CorrectionTarget> targets, CancellationToken cancellationToken)
    {
        var planner = new BatchPlanner<PendingItem>(_options.MaxItemsPerBatch, _options.MaxBatchInputTokens);
        var chunk = new List<CorrectionTarget>(_options.CacheLookupChunkSize);
        await foreach (var target in targets.WithCancellation(cancellationToken))
        {
            Interlocked.Increment(ref _targets);
            chunk.Add(target);
            if (chunk.Count >= _options.CacheLookupChunkSize)
            {
                await ProcessChunkAsync(chunk, planner, cancellationToken);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await ProcessChunkAsync(chunk, planner, cancellationToken);
        }

        if (planner.Flush() is { } last)
        {
            await EnqueueAsync(last, cancellationToken);
        }
    }

    private async Task ProcessChunkAsync(List<CorrectionTarget> chunk, BatchPlanner<PendingItem> planner, CancellationToken cancellationToken)
    {
        var prepared = chunk.Select(target => TargetPreparer.Prepare(target, _options)).ToList();
        var keys = prepared
            .Where(item => item.Disposition == TargetDisposition.Send && !_ledger.IsInFlightOrUnsettled(item.Key!))
            .Select(item => item.Key!)
            .ToHashSet(StringComparer.Ordinal);
        var found = await LookupAsync(keys, cancellationToken);
        var ready = new List<CorrectionResult>();
        foreach (var item in prepared)
        {
            switch (item.Disposition)
            {
                case TargetDisposition.Skip:
                    ready.Add(_results.Unsent(item.Target, CorrectionStatus.Skipped, item.SkipReason));
                    continue;
                case TargetDisposition.NothingToCorrect:
                    ready.Add(_results.Unsent(item.Target, CorrectionStatus.Unchanged, item.SkipReason));
                    continue;
            }

            var waiting = new WaitingTarget(item.Target, item.Protected!);
            if (found.TryGetValue(item.Key!, out var cached))
            {
                _cacheHits++;
                ready.Add(_results.FromCache(waiting, cached));
                continue;
            }

            switch (_ledger.Attach(item.Key!, waiting, out var unsettledStatus, out var unsettledReason))
            {
                case LedgerAttachment.Created:
                    _cacheMisses++;
                    await PlanAsync(planner, item, cancellationToken);
                    break;
                case LedgerAttachment.Attached:
                    _deduplicated++;
                    break;
                case LedgerAttachment.Unsettled:
                    _deduplicated++;
                    ready.Add(_results.Unsent(item.Target, unsettledStatus, unsettledReason));
                    break;
                case LedgerAttachment.Settled:
                    var again = await LookupAsync(new HashSet<string>(StringComparer.Ordinal) { item.Key! }, cancellationToken);
                    if (again.TryGetValue(item.Key!, out var settled))
                    {
                        _cacheHits++;
                        ready.Add(_results.FromCache(waiting, settled));
                    }
                    else
                    {
                        _ledger.Reopen(item.Key!, waiting);
                        _cacheMisses++;
                        await PlanAsync(planner, item, cancellationToken);
                    }

                    break;
            }
        }

        if (ready.Count > 0)
        {
            await _readyBudget.WaitAsync(cancellationToken);
            _messages.Writer.TryWrite(new RunMessage.Ready(ready));
        }
    }

    private async Task PlanAsync(BatchPlanner<PendingItem> planner, PreparedTarget item, CancellationToken cancellationToken)
    {
        var pending = new PendingItem(item.Key!, item.Protected!.Text, item.Protected.Spans.Count, item.Tokens);
        foreach (var closed in planner.Add(pending, item.Tokens))
        {
            await EnqueueAsync(closed, cancellationToken);
        }
    }

    private async Task EnqueueAsync(IReadOnlyList<PendingItem> items, CancellationToken cancellationToken)
    {
        var id = "b" + (++_batchCount).ToString("D6", CultureInfo.InvariantCulture);
        await _batches.Writer.WriteAsync(new PlannedBatch(id, items), cancellationToken);
    }

    private async Task<IReadOnlyDictionary<string, CachedCorrection>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, CachedCorrection>();
        }

        await _cacheGate.WaitAsync(cancellationToken);
        try
        {
            return await _cache.LookupAsync(keys, cancellationToken);
        }
        finally
        {
            _cacheGate.Release();
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var tracker = new InFlightTracker();
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
            {
                if (_breaker.IsOpen)
                {
                    Publish(BatchExecutor.Unanswered(batch.Items, CorrectionStatus.Failed, _breaker.Reason, null));
                    continue;
                }

                if (_cost.LimitReached)
                {
                    Publish(BatchExecutor.Unanswered(batch.Items, CorrectionStatus.Skipped, BatchExecutor.CostLimitReason, null));
                    continue;
                }

                var lease = await _concurrency.AcquireAsync(cancellationToken);
                tracker.Track(RunBatchAsync(batch, lease, cancellationToken));
            }
        }
        finally
        {
            await tracker.DrainAsync();
        }
    }

    private async Task RunBatchAsync(PlannedBatch batch, ConcurrencyLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await _executor!.ExecuteAsync(batch.Items, batch.Id, lease, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unfinished parts of the batch stay unreported and are sent again by the next run.
        }
        catch (Exception exception)
        {
            Publish(BatchExecutor.Unanswered(batch.Items, CorrectionStatus.Failed, $"internal error: {exception.GetType().Name}: {exception.Message}", batch.Id));
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private void Publish(IReadOnlyList<ItemOutcome> outcomes) => _messages.Writer.TryWrite(new RunMessage.Answered(outcomes));

    private async Task WriteAsync()
    {
        // Everything that reached this loop is finished work: it is written even after cancellation, never half.
        await foreach (var message in _messages.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (_fatal is not null)
            {
                if (message is RunMessage.Ready)
                {
                    _readyBudget.Release();
                }

                continue;
            }

            switch (message)
            {
                case RunMessage.Ready ready:
                    _readyBudget.Release();
                    await WriteResultsAsync(ready.Results);
                    break;
                case RunMessage.Answered answered:
                    await SettleAsync(answered.Outcomes);
                    break;
            }
        }
    }

    private async Task SettleAsync(IReadOnlyList<ItemOutcome> outcomes)
    {
        var settled = outcomes
            .Where(outcome => outcome.Status.IsSettled())
            .Select(outcome => new CachedCorrection(
                outcome.Key, outcome.Status, outcome.CorrectedProtectedText!, outcome.Reason, _options.Provider.Name, _options.Provider.Model, Protocol.CorrectionPrompt.PromptVersion))
            .ToList();
        if (settled.Count > 0)
        {
            await _cacheGate.WaitAsync(CancellationToken.None);
            try
            {
                await _cache.StoreAsync(settled, CancellationToken.None);
            }
            finally
            {
                _cacheGate.Release();
            }
        }

        var results = new List<CorrectionResult>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            var waiting = _ledger.Resolve(outcome.Key, outcome.Status, outcome.Reason);
            for (var index = 0; index < waiting.Count; index++)
            {
                results.Add(_results.FromOutcome(waiting[index], outcome, isOwner: index == 0));
            }
        }

        await WriteResultsAsync(results);
    }

    private async Task WriteResultsAsync(IReadOnlyList<CorrectionResult> results)
    {
        if (results.Count == 0)
        {
            return;
        }

        await _sink.WriteAsync(results, CancellationToken.None);
        foreach (var result in results)
        {
            _statusCounts[(int)result.Status]++;
        }
    }
}
