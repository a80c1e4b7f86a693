using Hindsight.Runs;

namespace Hindsight.Stages;

/// <summary>How a run ended, stage by stage.</summary>
public sealed record PipelineResult(
    Guid RunId,
    StageStatus Status,
    IReadOnlyList<StageReport> Stages,
    string? HaltReason,
    Exception? Error)
{
    /// <summary>What the run was warned about but went on anyway (a NO-GO passed with --force).</summary>
    public string? Warning { get; init; }
}

public sealed record StageReport(int Number, string Name, StageOutcome Outcome, TimeSpan Elapsed);
