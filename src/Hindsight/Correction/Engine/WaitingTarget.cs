using Hindsight.Correction.Protection;

namespace Hindsight.Correction.Engine;

/// <summary>A target waiting for the answer to its protected text (its own spans are restored into that answer).</summary>
internal sealed record WaitingTarget(CorrectionTarget Target, ProtectedText Protected);
