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

    /// <summary>How the run ended, for its caller to act on (<see cref="RunConclusions.Of"/>).</summary>
    public RunConclusion Conclusion => RunConclusions.Of(this);

    /// <summary>
    /// True when discovery halted the run because it found no record at all: a first run then leaves no warehouse and
    /// no manifest behind.
    /// </summary>
    public bool FoundNothing => HaltReason is not null && Stages.FirstOrDefault(s => s.Number == 0)?.Outcome.RecordsFound == 0;
}

public sealed record StageReport(int Number, string Name, StageOutcome Outcome, TimeSpan Elapsed);
