using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discovery;

namespace Hindsight.Stages.Extraction;

/// <summary>Decides, per file, whether to skip it, read its appended tail, or re-read it whole.</summary>
public static class IngestPlanner
{
    public static async Task<FileIngestPlan> PlanAsync(DiscoveredFile file, StoredFileState? state, CancellationToken cancellationToken)
    {
        if (state is null || state.IngestedOffset == 0 && state.IngestedSize is null)
            return new(file, IngestMode.Append, 0, 1, state?.Generation ?? 0, "new file");
        if (state.IngestedSize == file.SizeBytes && state.IngestedMtime == file.ModifiedUtc)
            return new(file, IngestMode.Unchanged, state.IngestedOffset, state.IngestedLines + 1, state.Generation, "unchanged");
        if (file.SizeBytes < state.IngestedOffset)
            return new(file, IngestMode.Replace, 0, 1, state.Generation + 1, $"shrank from {state.IngestedOffset} to {file.SizeBytes} bytes");
        if (state.IngestedOffset == 0)
            return new(file, IngestMode.Append, 0, 1, state.Generation, "nothing ingested yet");

        try
        {
            var (head, boundary) = await PrefixFingerprint.ComputeAsync(file.Path, state.IngestedOffset, cancellationToken);
            if (head == state.HeadSha256 && boundary == state.BoundarySha256)
                return new(file, IngestMode.Append, state.IngestedOffset, state.IngestedLines + 1, state.Generation, "grew");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: the extractor will meet the same error and report it for this file.
        }
        return new(file, IngestMode.Replace, 0, 1, state.Generation + 1, "ingested prefix changed");
    }
}
