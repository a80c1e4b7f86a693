using System.Text.Json.Nodes;

namespace Hindsight.Runs;

/// <summary>What a stage reports when it ends: counts, metrics as JSON, and the error if it failed.</summary>
public sealed record StageOutcome(
    StageStatus Status,
    long ItemsIn,
    long ItemsOut,
    long ItemsFailed,
    JsonObject Metrics,
    string? Error = null)
{
    public static StageOutcome Skipped(string reason) =>
        new(StageStatus.Skipped, 0, 0, 0, new JsonObject { ["reason"] = reason });
}
