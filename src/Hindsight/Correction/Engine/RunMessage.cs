namespace Hindsight.Correction.Engine;

/// <summary>What the writer receives: results ready as they are, or outcomes of one answered (part of a) batch.</summary>
internal abstract record RunMessage
{
    internal sealed record Ready(IReadOnlyList<CorrectionResult> Results) : RunMessage;

    internal sealed record Answered(IReadOnlyList<ItemOutcome> Outcomes) : RunMessage;
}
