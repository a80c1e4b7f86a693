using Hindsight.Runs;

namespace Hindsight.Stages;

/// <summary>The rule that turns a finished run into its conclusion: failure first, then a NO-GO, then unreadable files.</summary>
public static class RunConclusions
{
    public static RunConclusion Of(PipelineResult result)
    {
        if (result.Status is StageStatus.Failed or StageStatus.Cancelled) return RunConclusion.Failed;
        if (result.HaltReason is not null) return RunConclusion.NoGo;
        return result.Stages.Any(s => s.Outcome.FilesFailed > 0) ? RunConclusion.PartialInput : RunConclusion.Succeeded;
    }
}
