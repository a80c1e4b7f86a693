using System.Diagnostics;
using Hindsight.Runs;
using Hindsight.Stages;
using Hindsight.Warehouse;
using Hindsight.Watch;

namespace Hindsight.Cli.Commands;

/// <summary>
/// The runs `hindsight watch` makes: an ingest (stages 0 to 3, then the search index) recorded as command <c>watch</c>,
/// or a correction (stages 4, 5 and the search index, in runs of <see cref="WatchCommand.CorrectionChunk"/> prompts)
/// recorded as <c>watch correct</c>. Each run opens the warehouse and closes it when it ends (<see cref="PipelineHost"/>).
/// </summary>
public sealed class WatchPasses(PipelineOptions options, WarehouseOptions warehouse, string version)
{
    public const string IngestCommand = "watch";
    public const string CorrectCommand = "watch correct";

    /// <summary>`run`'s stages 0 to 3 and the search index (6): what a change needs.</summary>
    private static IReadOnlyList<IStage> IngestStages() => [.. HindsightApp.AllStages().Where(s => s.Number is <= 3 or 6)];

    /// <summary>`run`'s stages 4 and 5 and the search index, as `correct` runs them.</summary>
    private static IReadOnlyList<IStage> CorrectStages() => [.. HindsightApp.AllStages().Where(s => s.Number >= 4)];

    public async Task<WatchPassOutcome> RunAsync(WatchPass pass, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (pass != WatchPass.Correct)
            return Outcome(pass, await HostAsync(IngestCommand, IngestStages(), options, cancellationToken), clock.Elapsed, runs: 1);

        // Stage 4 holds the warehouse while it waits on the provider: a run per chunk lets readers in between.
        var chunked = options with { Correction = options.Correction with { MaxTargets = WatchCommand.CorrectionChunk } };
        int runs = 0;
        while (true)
        {
            var hosted = await HostAsync(CorrectCommand, CorrectStages(), chunked, cancellationToken);
            runs++;
            var corrected = hosted.Result?.Stages.FirstOrDefault(s => s.Number == 4)?.Outcome;
            // Another chunk when this one was full and settled something (prompts that only failed would come back).
            bool more = hosted.Conclusion == RunConclusion.Succeeded && corrected is not null
                && corrected.ItemsIn >= WatchCommand.CorrectionChunk && corrected.ItemsFailed < corrected.ItemsIn;
            if (!more || cancellationToken.IsCancellationRequested) return Outcome(pass, hosted, clock.Elapsed, runs);
        }
    }

    /// <summary>Today's activity, read with the warehouse opened read-only for the moment; null when it cannot be (none yet, held).</summary>
    public async Task<TodayActivity?> TodayAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(options.DatabasePath)) return null;
        try
        {
            await using var reader = await Warehouse.Warehouse.OpenAsync(options.DatabasePath,
                new WarehouseOptions { ReadOnly = true, MemoryLimit = warehouse.MemoryLimit, LockWait = TimeSpan.FromSeconds(2), DisableExternalAccess = true },
                cancellationToken);
            return await TodayActivityQuery.ReadAsync(reader.Session, DateTimeOffset.UtcNow, cancellationToken);
        }
        catch (Exception ex) when (ex is WarehouseException or WarehouseLockedException or WarehouseQueryException or WarehouseRefusedException)
        {
            return null;
        }
    }

    private Task<PipelineRunResult> HostAsync(string command, IReadOnlyList<IStage> stages, PipelineOptions runOptions, CancellationToken cancellationToken) =>
        PipelineHost.RunAsync(new PipelineRun
        {
            Command = command,
            Stages = stages,
            Options = runOptions,
            Warehouse = warehouse,
            Version = version,
        }, cancellationToken);

    private static WatchPassOutcome Outcome(WatchPass pass, PipelineRunResult hosted, TimeSpan elapsed, int runs) => new(pass, hosted, elapsed, runs)
    {
        // Refused or short of disk: no later pass can do better, so watch ends with the exit code `run` would give.
        ExitCode = hosted.Conclusion is RunConclusion.WarehouseRefused or RunConclusion.NoDiskSpace ? ExitCodes.Of(hosted.Conclusion) : null,
        Ran = hosted.Conclusion != RunConclusion.WarehouseUnavailable,
    };
}

/// <summary>How one pass of watch went: its last run (of <see cref="Runs"/>), and whether watch must end.</summary>
public sealed record WatchPassOutcome(WatchPass Pass, PipelineRunResult Hosted, TimeSpan Elapsed, int Runs)
{
    /// <summary>Set when watch must end with this exit code.</summary>
    public int? ExitCode { get; init; }
    /// <summary>False when the pass could not start (another process held the warehouse).</summary>
    public bool Ran { get; init; } = true;
}
