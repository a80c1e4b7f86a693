using System.Collections.Frozen;

namespace Hindsight.Runs;

/// <summary>The lower-case names under which run and stage statuses are stored (<c>runs.status</c>, <c>run_stages.status</c>) and shown: the one mapping.</summary>
public static class StageStatusNames
{
    /// <summary>The stored name of <paramref name="status"/>.</summary>
    public static string ToName(this StageStatus status) => status switch
    {
        StageStatus.Running => "running",
        StageStatus.Succeeded => "succeeded",
        StageStatus.Failed => "failed",
        StageStatus.Skipped => "skipped",
        StageStatus.Cancelled => "cancelled",
        StageStatus.Halted => "halted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown stage status"),
    };

    private static readonly FrozenDictionary<string, StageStatus> ByName =
        Enum.GetValues<StageStatus>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name.</summary>
    public static StageStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"'{name}' is not a stage status");
}
