namespace Hindsight.Runs;

/// <summary>Status of a run or a stage, stored as its lower-case name.</summary>
public enum StageStatus
{
    Running,
    Succeeded,
    Failed,
    Skipped,
    /// <summary>Stopped by the user (Ctrl-C, SIGTERM) after its last committed transaction; the next run resumes there.</summary>
    Cancelled,
    /// <summary>A run that a stage stopped on purpose (discovery's NO-GO); its remaining stages are skipped.</summary>
    Halted,
}
