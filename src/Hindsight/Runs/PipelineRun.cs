using Hindsight.Stages;
using Hindsight.Warehouse;

namespace Hindsight.Runs;

/// <summary>One run for <see cref="PipelineHost"/>: which command, which stages, with what options, reporting where.</summary>
public sealed record PipelineRun
{
    /// <summary>The command recorded in <c>runs</c> (run, discover, correct, ...).</summary>
    public required string Command { get; init; }
    public required IReadOnlyList<IStage> Stages { get; init; }
    public required PipelineOptions Options { get; init; }
    /// <summary>How the warehouse is opened (memory limit, lock wait); a dry run opens it read-only.</summary>
    public required WarehouseOptions Warehouse { get; init; }
    public IPipelineProgress Progress { get; init; } = SilentProgress.Instance;
    /// <summary>Told once the warehouse is open, when opening it upgraded an older warehouse (before any stage runs).</summary>
    public Action<string> OnUpgrade { get; init; } = _ => { };
    /// <summary>The release recorded with the run.</summary>
    public string Version { get; init; } = "0";
}
