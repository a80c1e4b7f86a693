using Hindsight.Correction.Caching;
using Hindsight.Correction.Engine;
using Hindsight.Correction.Planning;
using Hindsight.Correction.Protocol;

namespace Hindsight.Correction;

/// <summary>
/// Stage 4's correction engine: protects each target, answers it from the cache or sends it in id-keyed batches to
/// an OpenAI-compatible provider, guards every answer, and streams one final result per target to a sink.
/// Independent of any warehouse: the caller supplies the targets, the cache and the sink.
/// </summary>
public sealed class CorrectionEngine
{
    /// <summary>
    /// Corrects <paramref name="targets"/>. Results reach <paramref name="sink"/> as batches are answered. Every target
    /// read ends with exactly one result, unless the run is cancelled: then finished batches are reported, the rest is
    /// not (the summary's <see cref="CorrectionSummary.Unreported"/>), and the method returns with
    /// <see cref="CorrectionSummary.Cancelled"/> set rather than throwing.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <remarks>Exceptions from the targets, the cache or the sink stop the run and are rethrown once finished work is written.</remarks>
    public async Task<CorrectionSummary> RunAsync(
        IAsyncEnumerable<CorrectionTarget> targets,
        ICorrectionCache cache,
        ICorrectionSink sink,
        CorrectionOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await using var run = new CorrectionRun(options, cache, sink);
        return await run.RunAsync(targets, cancellationToken);
    }

    /// <summary>
    /// The dry-run: reads the targets and the cache, makes no call, and reports what a run would send. The batches are
    /// planned by the same planner in the same order as <see cref="RunAsync"/>, so on a fault-free run the request
    /// count is exact.
    /// </summary>
    public async Task<CorrectionEstimate> EstimateAsync(
        IAsyncEnumerable<CorrectionTarget> targets,
        ICorrectionCache cache,
        CorrectionOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tally = new EstimateTally(options);
        var chunk = new List<CorrectionTarget>(options.CacheLookupChunkSize);
        await foreach (var target in targets.WithCancellation(cancellationToken))
        {
            chunk.Add(target);
            if (chunk.Count >= options.CacheLookupChunkSize)
            {
                await tally.AddAsync(chunk, cache, cancellationToken);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await tally.AddAsync(chunk, cache, cancellationToken);
        }

        return tally.Finish();
    }

    private sealed class EstimateTally(CorrectionOptions options)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly BatchPlanner<string> _planner = new(options.MaxItemsPerBatch, options.MaxBatchInputTokens);
        private long _targets;
        private long _cacheHits;
        private long _skipped;
        private long _nothing;
        private long _batches;
        private long _input;
        private long _output;

        internal async Task AddAsync(List<CorrectionTarget> chunk, ICorrectionCache cache, CancellationToken cancellationToken)
        {
            var prepared = chunk.Select(target => TargetPreparer.Prepare(target, options)).ToList();
            var keys = prepared.Where(item => item.Disposition == TargetDisposition.Send && !_seen.Contains(item.Key!))
                .Select(item => item.Key!).ToHashSet(StringComparer.Ordinal);
            var found = keys.Count == 0 ? new Dictionary<string, CachedCorrection>() : await cache.LookupAsync(keys, cancellationToken);
            foreach (var item in prepared)
            {
                _targets++;
                if (item.Disposition == TargetDisposition.Skip)
                {
                    _skipped++;
                }
                else if (item.Disposition == TargetDisposition.NothingToCorrect)
                {
                    _nothing++;
                }
                else if (_seen.Add(item.Key!))
                {
                    if (found.ContainsKey(item.Key!))
                    {
                        _cacheHits++;
                    }
                    else
                    {
                        foreach (var closed in _planner.Add(item.Protected!.Text, item.Tokens))
                        {
                            Count(closed);
                        }
                    }
                }
            }
        }

        internal CorrectionEstimate Finish()
        {
            if (_planner.Flush() is { } last)
            {
                Count(last);
            }

            return new CorrectionEstimate
            {
                Targets = _targets,
                UniqueTexts = _seen.Count,
                CacheHits = _cacheHits,
                Skipped = _skipped,
                NothingToCorrect = _nothing,
                Batches = _batches,
                EstimatedInputTokens = _input,
                EstimatedOutputTokens = _output,
                EstimatedCostUsd = options.Prices.Cost(_input, _output),
                MinimumDuration = options.RateLimits.MinimumDuration(_batches, _input + _output),
            };
        }

        private void Count(IReadOnlyList<string> texts)
        {
            _batches++;
            var (input, output) = BatchExecutor.EstimateRequest(BatchRequestBuilder.BuildUserContent(BatchRequestBuilder.Number(texts)));
            _input += input;
            _output += output;
        }
    }
}
