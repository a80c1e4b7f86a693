using System.Collections.Concurrent;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Extract;

namespace Hindsight.Stages.Discover;

/// <summary>
/// The files whose profile is out of date (new, or changed since they were profiled), for extraction's readers to
/// profile as they read them, so each is read and parsed once. A file read from its start gets a fresh profile; a
/// file read from where its last ingest stopped is profiled on from its stored profile when that profile describes
/// exactly the ingested lines. Any other file (unchanged since its ingest, or without such a profile) gets no
/// profile from extraction, and whoever asked reads it on its own (<see cref="Missing"/>).
/// </summary>
public sealed class ProfileRequests
{
    private readonly Dictionary<string, ContinuationBase?> _wanted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileProfile> _finished = new(StringComparer.Ordinal);

    /// <summary>A stored profile of a file's first lines, valid from the start up to <paramref name="EndOffset"/>.</summary>
    private sealed record ContinuationBase(FileProfile Profile, long EndOffset);

    public int Count => _wanted.Count;

    /// <summary>Profiles handed back by extraction's readers, by file id.</summary>
    public IReadOnlyDictionary<string, FileProfile> Finished => _finished;

    /// <summary>
    /// A stored profile that can stand for the file as it is now (its size and mtime are the ones it was taken at), or
    /// null when the file must be profiled again. Only its summary is read (<see cref="FileProfile.ReadSummary"/>): the
    /// inventory's totals are kept over all files (<see cref="InventoryTotals"/>), or read by whoever needs them.
    /// </summary>
    public static FileProfile? Reusable(DiscoveredFile file, StoredFileState? state)
    {
        if (state?.ProfileJson is null || state.ProfiledSize != file.SizeBytes || state.ProfiledMtime != file.ModifiedUtc) return null;
        return FileProfile.ReadSummary(state.ProfileJson) is { IsReusable: true } profile ? profile : null;
    }

    /// <summary>Asks for a profile of this file, noting the stored one if the read may continue from it.</summary>
    public void Want(DiscoveredFile file, StoredFileState? state)
    {
        ContinuationBase? continuation = null;
        // The stored profile was taken of the very lines that were ingested (same size and mtime, one read): it ends
        // where the ingested range ends, which is where extraction goes on reading.
        if (state is { ProfileJson: { } json, IngestedSize: { } size, IngestedMtime: { } mtime }
            && state.ProfiledSize == size && state.ProfiledMtime == mtime
            && FileProfile.Read(json) is { CanContinue: true } stored)
        {
            continuation = new ContinuationBase(stored, state.IngestedOffset);
        }
        _wanted[file.FileId] = continuation;
    }

    public bool IsWanted(string fileId) => _wanted.ContainsKey(fileId);

    /// <summary>A builder for extraction's reader of this plan, or null when its read cannot yield the file's whole profile.</summary>
    public FileProfileBuilder? BuilderFor(FileIngestPlan plan)
    {
        if (!_wanted.TryGetValue(plan.File.FileId, out var continuation) || plan.Mode == IngestMode.Unchanged) return null;
        if (plan.StartOffset == 0) return new FileProfileBuilder(keepRaw: true);
        return continuation is not null && continuation.EndOffset == plan.StartOffset
            ? new FileProfileBuilder(keepRaw: true, continuation.Profile)
            : null;
    }

    /// <summary>Called by a reader once its file is read: the file's whole profile.</summary>
    public void Hand(string fileId, FileProfile profile) => _finished[fileId] = profile;

    /// <summary>The files asked for that extraction did not profile.</summary>
    public IEnumerable<string> Missing => _wanted.Keys.Where(id => !_finished.ContainsKey(id));
}
