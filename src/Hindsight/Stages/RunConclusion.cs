namespace Hindsight.Stages;

/// <summary>How a run ended, as far as its caller must act on it; the command line maps each to its exit code.</summary>
public enum RunConclusion
{
    /// <summary>Every stage ran (or was not needed) and every file could be read.</summary>
    Succeeded,
    /// <summary>The run finished, but some files could not be read at all (named in the stages' file errors).</summary>
    PartialInput,
    /// <summary>Discovery decided NO-GO; the run is recorded as halted and nothing was ingested.</summary>
    NoGo,
    /// <summary>A stage failed, or the run was cancelled (it resumes from its last committed transaction).</summary>
    Failed,
    /// <summary>The warehouse is not a Hindsight warehouse, or one made by a newer release; nothing was opened.</summary>
    WarehouseRefused,
    /// <summary>An old warehouse must be rewritten before this run, and its disk has no room for the copy.</summary>
    NoDiskSpace,
    /// <summary>The warehouse could not be opened (damaged, or locked by another process).</summary>
    WarehouseUnavailable,
    /// <summary>The run's own tracking (runs, run_stages) could not be written.</summary>
    TrackingFailed,
}
