namespace Hindsight.Watch;

/// <summary>
/// File-system events under each source folder (subfolders included: a new project is a new folder), reported as
/// "something changed" through <paramref name="changed"/>. Which file changed is not kept: an ingest pass finds every
/// change itself (stage 0 compares sizes and fingerprints), so a dropped or doubled event costs at most one pass. A
/// watcher's error (its buffer overflowed and events were lost) is reported as a change for the same reason.
/// </summary>
public sealed class TranscriptWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];

    /// <param name="folders">The source folders; one that does not exist (yet) is left to the rescan.</param>
    /// <param name="changed">Called on the watcher's thread: it must only take note.</param>
    public TranscriptWatcher(IEnumerable<string> folders, Action changed)
    {
        foreach (var folder in folders.Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                // The largest buffer the OS allows: a burst of appends across many sessions must not overflow it.
                InternalBufferSize = 64 * 1024,
            };
            watcher.Changed += (_, _) => changed();
            watcher.Created += (_, _) => changed();
            watcher.Deleted += (_, _) => changed();
            watcher.Renamed += (_, _) => changed();
            watcher.Error += (_, _) => changed();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>How many folders are watched (those that existed when watch started).</summary>
    public int Folders => _watchers.Count;

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
    }
}
