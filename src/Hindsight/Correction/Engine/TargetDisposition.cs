namespace Hindsight.Correction.Engine;

/// <summary>What preparation decided for a target before any cache lookup.</summary>
internal enum TargetDisposition
{
    Send,
    NothingToCorrect,
    Skip,
}
