using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Decides, per file, whether to skip it, read its appended tail, or re-read it whole. A file whose size and mtime
/// are what was ingested is not read. Otherwise its ingested range is checked block by block against the
/// fingerprints stored when it was read (a same-size rewrite with a new mtime is caught); any difference re-reads
/// the file whole. A document (<see cref="Hindsight.Sources.ITranscriptSource.IsDocument"/>) that changed in any way is
/// re-read whole. A rewrite that keeps both size and mtime is not looked for.
/// </summary>
public static class IngestPlanner
{
    public static async Task<FileIngestPlan> PlanAsync(
        DiscoveredFile file, StoredFileState? state, Func<Task<IReadOnlyList<BlockFingerprint>>> storedBlocks, CancellationToken cancellationToken)
    {
        if (state is null || state.IngestedOffset == 0 && state.IngestedSize is null)
            return new(file, IngestMode.Append, 0, 1, state?.Generation ?? 0, "new file");
        if (state.IngestedSize == file.SizeBytes && state.IngestedMtime == file.ModifiedUtc)
            return new(file, IngestMode.Unchanged, state.IngestedOffset, state.IngestedLines + 1, state.Generation, "unchanged");
        // A document (a Gemini CLI chat) is rewritten in place, never appended to: any change re-reads it whole.
        if (Hindsight.Sources.TranscriptSources.For(file.Agent).IsDocument(file))
            return new(file, IngestMode.Replace, 0, 1, state.Generation + 1, "document changed");
        if (file.SizeBytes < state.IngestedOffset)
            return new(file, IngestMode.Replace, 0, 1, state.Generation + 1, $"shrank from {state.IngestedOffset} to {file.SizeBytes} bytes");
        if (state.IngestedOffset == 0)
            return new(file, IngestMode.Append, 0, 1, state.Generation, "nothing ingested yet");

        try
        {
            var blocks = await storedBlocks();
            var verified = blocks.Count > 0
                ? await BlockVerifier.VerifyAsync(file, state.IngestedOffset, blocks, cancellationToken)
                : await LegacyVerifyAsync(file, state, cancellationToken);
            if (verified is not null)
                return new(file, IngestMode.Append, state.IngestedOffset, state.IngestedLines + 1, state.Generation, "grew") { Blocks = verified };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: the extractor will meet the same error and report it for this file.
        }
        return new(file, IngestMode.Replace, 0, 1, state.Generation + 1, "ingested range changed");
    }

    /// <summary>A file ingested by a release without block fingerprints: its two prefix windows decide, then its blocks are computed.</summary>
    private static async Task<BlockFingerprinter?> LegacyVerifyAsync(DiscoveredFile file, StoredFileState state, CancellationToken cancellationToken)
    {
        using var handle = TranscriptFileStream.OpenHandle(file);
        var (head, boundary) = await PrefixFingerprint.ComputeAsync(handle, state.IngestedOffset, cancellationToken);
        if (head != state.HeadSha256 || boundary != state.BoundarySha256) return null;
        return await BlockVerifier.FingerprintAsync(file, state.IngestedOffset, cancellationToken);
    }
}
