namespace Hindsight.Runs;

public static class StageStatusNames
{
    public static string ToName(this StageStatus status) => status switch
    {
        StageStatus.Running => "running",
        StageStatus.Succeeded => "succeeded",
        StageStatus.Failed => "failed",
        StageStatus.Cancelled => "cancelled",
        StageStatus.Halted => "halted",
        _ => "skipped",
    };
}
