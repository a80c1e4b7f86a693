using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Extract;

/// <summary>What extraction will do with one file, and why.</summary>
public sealed record FileIngestPlan(DiscoveredFile File, IngestMode Mode, long StartOffset, long StartLine, int Generation, string Reason)
{
    /// <summary>
    /// For an append: the fingerprints of the verified range, positioned at <see cref="StartOffset"/>, so the tail
    /// is hashed on from there. Null when reading starts at 0.
    /// </summary>
    public BlockFingerprinter? Blocks { get; init; }
}
