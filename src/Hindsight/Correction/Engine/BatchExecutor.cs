using Hindsight.Correction.Cost;
using Hindsight.Correction.Guards;
using Hindsight.Correction.Planning;
using Hindsight.Correction.Protocol;
using Hindsight.Correction.Providers;
using Hindsight.Correction.Throughput;
using Polly;
using Polly.Retry;

namespace Hindsight.Correction.Engine;

/// <summary>
/// Sends one batch and settles every item in it. Transient failures are retried (Retry-After honoured, otherwise
/// exponential backoff with jitter), each attempt passing the rate limiter again. A batch that still fails as a
/// whole (HTTP error after retries, malformed JSON, id mismatch) is split into halves, down to single prompts;
/// a single prompt that still fails is failed with the error. Guards then judge each answered item.
/// </summary>
internal sealed class BatchExecutor
{
    internal const string CostLimitReason = "cost limit reached";
    private static readonly int SystemPromptTokens = TokenEstimator.Estimate(CorrectionPrompt.SystemPrompt);
    private readonly ChatBatchCaller _caller;
    private readonly RequestRateLimiter _rateLimiter;
    private readonly AdaptiveConcurrencyLimiter _concurrency;
    private readonly CircuitBreaker _breaker;
    private readonly CostMeter _cost;
    private readonly RunCounters _counters;
    private readonly Action<IReadOnlyList<ItemOutcome>> _publish;
    private readonly ResiliencePipeline<ProviderAnswer> _retry;

    internal BatchExecutor(
        ChatBatchCaller caller,
        RequestRateLimiter rateLimiter,
        AdaptiveConcurrencyLimiter concurrency,
        CircuitBreaker breaker,
        CostMeter cost,
        RunCounters counters,
        CorrectionOptions options,
        Action<IReadOnlyList<ItemOutcome>> publish)
    {
        _caller = caller;
        _rateLimiter = rateLimiter;
        _concurrency = concurrency;
        _breaker = breaker;
        _cost = cost;
        _counters = counters;
        _publish = publish;
        _retry = options.MaxRetries == 0 ? ResiliencePipeline<ProviderAnswer>.Empty : BuildRetry(options, breaker, counters);
    }

    private static ResiliencePipeline<ProviderAnswer> BuildRetry(CorrectionOptions options, CircuitBreaker breaker, RunCounters counters)
    {
        var maxDelay = options.MaxRetryDelay;
        return new ResiliencePipelineBuilder<ProviderAnswer>()
            .AddRetry(new RetryStrategyOptions<ProviderAnswer>
            {
                ShouldHandle = new PredicateBuilder<ProviderAnswer>().Handle<ProviderCallException>(exception => exception.IsTransient && !breaker.IsOpen),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxDelay,

                // The server's Retry-After wins over our backoff, cut to our ceiling; the next attempt may still meet a 429.
                DelayGenerator = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is ProviderCallException { RetryAfter: { } wait } ? (TimeSpan?)(wait > maxDelay ? maxDelay : wait) : null),
                OnRetry = _ =>
                {
                    counters.Retry();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The estimated tokens of a request: system prompt, user content, and an answer about as long as the content.</summary>
    internal static (int Input, int Output) EstimateRequest(string userContent)
    {
        var content = TokenEstimator.Estimate(userContent);
        return (SystemPromptTokens + content, content);
    }

    internal async Task ExecuteAsync(IReadOnlyList<PendingItem> items, string batchId, ConcurrencyLease lease, CancellationToken cancellationToken)
    {
        if (_breaker.IsOpen)
        {
            _publish(Unanswered(items, CorrectionStatus.Failed, _breaker.Reason, batchId));
            return;
        }

        var batchItems = BatchRequestBuilder.Number(items.Select(item => item.Text).ToList());

        var content = BatchRequestBuilder.BuildUserContent(batchItems);
        var (inputEstimate, outputEstimate) = EstimateRequest(content);
        string failure;
        try
        {
            var answer = await CallWithRetriesAsync(content, inputEstimate + outputEstimate, _cost.Prices.Cost(inputEstimate, outputEstimate), lease, cancellationToken);
            var callCost = _cost.Record(answer.InputTokens, answer.OutputTokens);
            if (answer.UsageRejectedReason is { } usage) _counters.UsageRejected(usage);
            var parsed = BatchResponseParser.Parse(answer.Content, batchItems.Select(item => item.Id).ToList());
            if (parsed.Succeeded)
            {
                _breaker.OnSuccess();
                _publish(Judge(items, batchItems, parsed, answer, callCost, batchId));
                return;
            }

            // An answer that never parses into the protocol (a login page served with 200, JSON of another shape) is a
            // provider that answers nothing usable: it counts toward the breaker like an HTTP failure.
            failure = parsed.Failure!;
            _breaker.OnFailure($"unusable answer: {failure}", fatal: false);
        }
        catch (CostLimitException)
        {
            _publish(Unanswered(items, CorrectionStatus.Skipped, CostLimitReason, batchId));
            return;
        }
        catch (CircuitOpenException exception)
        {
            _publish(Unanswered(items, CorrectionStatus.Failed, exception.Message, batchId));
            return;
        }
        catch (ProviderCallException exception)
        {
            failure = exception.Message;
        }

        if (items.Count == 1 || _breaker.IsOpen)
        {
            _publish(Unanswered(items, CorrectionStatus.Failed, _breaker.IsOpen ? _breaker.Reason : failure, batchId));
            return;
        }

        _counters.Split();
        var half = (items.Count + 1) / 2;
        await ExecuteAsync(items.Take(half).ToList(), batchId + ".1", lease, cancellationToken);
        await ExecuteAsync(items.Skip(half).ToList(), batchId + ".2", lease, cancellationToken);
    }

    private async Task<ProviderAnswer> CallWithRetriesAsync(string content, int tokens, decimal estimatedCost, ConcurrencyLease lease, CancellationToken cancellationToken)
    {
        return await _retry.ExecuteAsync(
            async token =>
            {
                if (_breaker.IsOpen)
                {
                    throw new CircuitOpenException(_breaker.Reason ?? "circuit open");
                }

                if (!_cost.TryReserve(estimatedCost))
                {
                    throw new CostLimitException();
                }

                try
                {
                    var hadRoom = await _rateLimiter.AcquireAsync(tokens, token);
                    var epoch = _concurrency.Epoch;
                    _counters.Call();
                    try
                    {
                        var answer = await _caller.CallAsync(content, token);
                        // The breaker hears of this success once the answer parses (ExecuteAsync).
                        _concurrency.OnSuccess(lease, hadRoom, answer.Latency, _rateLimiter.SustainableRequestsPerSecond(tokens));
                        return answer;
                    }
                    catch (ProviderCallException exception)
                    {
                        if (exception.Kind == ProviderFailureKind.RateLimited)
                        {
                            _counters.RateLimit();
                        }

                        if (exception.Kind == ProviderFailureKind.Timeout)
                        {
                            _counters.Timeout();
                        }

                        if (exception.Kind is ProviderFailureKind.RateLimited or ProviderFailureKind.Timeout)
                        {
                            _concurrency.OnOverload(epoch);
                        }

                        if (exception.IsProviderFailure)
                        {
                            _breaker.OnFailure(exception.Message, fatal: exception.Kind == ProviderFailureKind.Unauthorized);
                        }

                        throw;
                    }
                }
                finally
                {
                    _cost.Release(estimatedCost);
                }
            },
            cancellationToken);
    }

    private static List<ItemOutcome> Judge(
        IReadOnlyList<PendingItem> items, BatchItem[] batchItems, BatchParseResult parsed, ProviderAnswer answer, decimal callCost, string batchId)
    {
        var totalTokens = Math.Max(1, items.Sum(item => Math.Max(1, item.Tokens)));
        var outcomes = new List<ItemOutcome>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var share = (decimal)Math.Max(1, item.Tokens) / totalTokens;
            var corrected = parsed.Corrections[batchItems[index].Id];
            var verdict = CorrectionGuard.Check(item.Text, item.PlaceholderCount, corrected);
            var status = verdict.Outcome switch
            {
                GuardOutcome.Corrected => CorrectionStatus.Corrected,
                GuardOutcome.Unchanged => CorrectionStatus.Unchanged,
                _ => CorrectionStatus.Rejected,
            };
            outcomes.Add(new ItemOutcome(
                item.Key,
                status,
                status == CorrectionStatus.Corrected ? corrected : item.Text,
                verdict.Reason,
                (long)Math.Round(answer.InputTokens * share, MidpointRounding.AwayFromZero),
                (long)Math.Round(answer.OutputTokens * share, MidpointRounding.AwayFromZero),
                callCost * share,
                answer.Latency,
                batchId));
        }

        return outcomes;
    }

    internal static List<ItemOutcome> Unanswered(IReadOnlyList<PendingItem> items, CorrectionStatus status, string? reason, string? batchId) =>
        items.Select(item => new ItemOutcome(item.Key, status, null, reason, 0, 0, 0m, TimeSpan.Zero, batchId)).ToList();
}
