namespace Hindsight.Cli;

/// <summary>The process exit codes, as documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>
    /// A stage failed, the warehouse could not be opened or written (a damaged WAL included), the run was cancelled
    /// (Ctrl-C, SIGTERM), or `hindsight check` found something that does not hold.
    /// </summary>
    public const int Failure = 1;
    /// <summary>The command line could not be understood, or `query` was not given exactly one query.</summary>
    public const int Usage = 2;
    /// <summary>Discovery decided NO-GO (no transcripts, no records, or mostly unreadable files).</summary>
    public const int NoGo = 3;
    /// <summary>The run finished, but some files could not be read at all (named in the summary).</summary>
    public const int PartialInput = 4;
}
