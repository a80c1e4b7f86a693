using System.Text.Json.Nodes;

namespace Hindsight.Runs;

/// <summary>
/// What a stage reports when it ends: counts, metrics as JSON, and the error if it failed. The metrics are output only
/// (run tracking stores them, `hindsight runs` and --json show them); what the pipeline, the run's conclusion or the
/// summary act on is in the typed properties below, never read back from <see cref="Metrics"/>.
/// </summary>
public sealed record StageOutcome(
    StageStatus Status,
    long ItemsIn,
    long ItemsOut,
    long ItemsFailed,
    JsonObject Metrics,
    string? Error = null)
{
    /// <summary>Files that could not be read at all (extraction): the run then ends with partial input.</summary>
    public long FilesFailed { get; init; }

    /// <summary>Records the inventory holds (discovery); null from other stages.</summary>
    public long? RecordsFound { get; init; }

    /// <summary>Transcript files found (discovery); null from other stages.</summary>
    public long? TranscriptFiles { get; init; }

    /// <summary>Set by a stage that decided the run must not go on (discovery's NO-GO): the later stages are skipped.</summary>
    public string? HaltReason { get; init; }

    /// <summary>Set by a stage that let the run go on against its own advice (a NO-GO passed with --force); recorded with the run.</summary>
    public string? RunWarning { get; init; }

    /// <summary>
    /// Set by a failed stage whose finished work the next stages still turn into output (stage 4 stopped by a failing
    /// provider keeps its results, which the staged table then shows): the run goes on, and ends failed.
    /// </summary>
    public bool LaterStagesRun { get; init; }

    /// <summary>What the user should be told about (unreadable folders, usage that cannot be deduplicated), in the order found.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Files that could not be read, with why (at most 20).</summary>
    public IReadOnlyList<string> FileErrors { get; init; } = [];

    public static StageOutcome Skipped(string reason) =>
        new(StageStatus.Skipped, 0, 0, 0, new JsonObject { ["reason"] = reason });
}
