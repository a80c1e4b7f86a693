namespace Hindsight.Runs;

/// <summary>Status of a run or a stage, stored as its lower-case name.</summary>
public enum StageStatus
{
    Running,
    Succeeded,
    Failed,
    Skipped,
}
