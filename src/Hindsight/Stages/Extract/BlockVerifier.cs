using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Checks a file's ingested range against the block fingerprints stored when it was read. Runs only for a file
/// whose size or mtime changed; reads the range once and stops at the first block that differs.
/// </summary>
public static class BlockVerifier
{
    /// <summary>
    /// A fingerprinter positioned at the end of the range, ready to go on hashing the tail, when every block
    /// matches; null when a block differs, a block is missing, or the file is now shorter.
    /// </summary>
    public static async Task<BlockFingerprinter?> VerifyAsync(DiscoveredFile file, long ingestedOffset, IReadOnlyList<BlockFingerprint> stored, CancellationToken cancellationToken)
    {
        if (!BlockCoverage.Covers(stored, ingestedOffset)) return null;
        using var handle = TranscriptFileStream.OpenHandle(file);
        var fingerprinter = new BlockFingerprinter();
        bool same = await fingerprinter.FeedFromAsync(handle, ingestedOffset, cancellationToken, block => block == stored[(int)block.Index]);
        if (!same) return null;
        if (fingerprinter.Open is { } open && open != stored[^1]) return null;
        return fingerprinter;
    }

    /// <summary>
    /// For a file ingested before block fingerprints existed: hashes its whole range (the blocks are stored with the
    /// next commit); the caller has already checked the range by the older prefix fingerprints.
    /// </summary>
    public static async Task<BlockFingerprinter?> FingerprintAsync(DiscoveredFile file, long ingestedOffset, CancellationToken cancellationToken)
    {
        using var handle = TranscriptFileStream.OpenHandle(file);
        var fingerprinter = new BlockFingerprinter();
        return await fingerprinter.FeedFromAsync(handle, ingestedOffset, cancellationToken) ? fingerprinter : null;
    }
}
