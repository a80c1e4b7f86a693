namespace Hindsight.Cli;

/// <summary>The process exit codes, as documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>
    /// A stage failed (correct on a warehouse whose stage 3 has not run included), the warehouse could not be opened or
    /// written (a damaged WAL included), another process held it (readers give up after 5 s), the run was cancelled
    /// (Ctrl-C, SIGTERM), or `hindsight check` found something that does not hold.
    /// </summary>
    public const int Failure = 1;
    /// <summary>
    /// The command line could not be understood (values out of range included), `query` was not given exactly one
    /// query, or --db names a file that is not a Hindsight warehouse or was made by a newer release.
    /// </summary>
    public const int Usage = 2;
    /// <summary>Discovery decided NO-GO (no transcripts, no records, or more than half of all lines unreadable); the run is recorded as halted.</summary>
    public const int NoGo = 3;
    /// <summary>The run finished, but some files could not be read at all (named in the summary).</summary>
    public const int PartialInput = 4;
    /// <summary>
    /// A warehouse written by an older release must be rewritten into the new storage layout before a writing command
    /// uses it, and its disk has no room for one copy; nothing was changed (the message says how much is missing).
    /// </summary>
    public const int NoDiskSpace = 5;

    /// <summary>The one mapping of how a run ended to the process's exit code.</summary>
    public static int Of(Stages.RunConclusion conclusion) => conclusion switch
    {
        Stages.RunConclusion.Succeeded => Success,
        Stages.RunConclusion.PartialInput => PartialInput,
        Stages.RunConclusion.NoGo => NoGo,
        Stages.RunConclusion.WarehouseRefused => Usage,
        Stages.RunConclusion.NoDiskSpace => NoDiskSpace,
        _ => Failure,
    };
}
