namespace Hindsight.Runs;

/// <summary>Status of a run or a stage, stored as its lower-case name.</summary>
public enum StageStatus
{
    Running,
    Succeeded,
    Failed,
    Skipped,
    /// <summary>A run that a stage stopped on purpose (discovery's NO-GO); its remaining stages are skipped.</summary>
    Halted,
}
