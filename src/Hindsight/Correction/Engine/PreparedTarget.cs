using Hindsight.Correction.Protection;

namespace Hindsight.Correction.Engine;

/// <summary>A target after protection: what would be sent, under which cache key, or why it will not be.</summary>
internal sealed record PreparedTarget(
    CorrectionTarget Target,
    TargetDisposition Disposition,
    ProtectedText? Protected,
    string? Key,
    int Tokens,
    string? SkipReason);
