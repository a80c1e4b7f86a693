namespace Hindsight.Stages.Extract;

/// <summary>
/// Whether a file's stored block fingerprints can vouch for its ingested range: they must be exactly blocks 0..n-1,
/// each full (<see cref="BlockFingerprinter.BlockBytes"/>) but the last, which ends at the ingested offset. Anything
/// else (a block missing or extra, a block that ends elsewhere) cannot be checked against the file, so the file is
/// read again whole (<see cref="BlockVerifier"/>).
/// </summary>
public static class BlockCoverage
{
    public static bool Covers(IReadOnlyList<BlockFingerprint> stored, long ingestedOffset)
    {
        long expected = (ingestedOffset + BlockFingerprinter.BlockBytes - 1) / BlockFingerprinter.BlockBytes;
        if (stored.Count != expected) return false;
        for (int i = 0; i < stored.Count; i++)
        {
            long end = Math.Min((long)(i + 1) * BlockFingerprinter.BlockBytes, ingestedOffset);
            if (stored[i].Index != i || stored[i].EndOffset != end) return false;
        }
        return true;
    }
}
