namespace Hindsight.Watch;

/// <summary>Why `hindsight watch` runs a pass.</summary>
public enum WatchPass
{
    /// <summary>The first ingest, when watch starts: what changed while nothing watched.</summary>
    Start,
    /// <summary>Files changed and have been quiet for the debounce.</summary>
    Change,
    /// <summary>No ingest for the rescan interval: the fallback for dropped file-system events.</summary>
    Rescan,
    /// <summary>Stage 4's own schedule (--correct-every).</summary>
    Correct,
}
