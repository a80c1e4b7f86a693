using System.Collections.Frozen;

namespace Hindsight.Correction;

/// <summary>The lower-case names under which statuses are stored and shown: corrected, unchanged, rejected, failed, skipped.</summary>
public static class CorrectionStatusNames
{
    /// <summary>The stored name of <paramref name="status"/>.</summary>
    public static string ToName(this CorrectionStatus status) => status switch
    {
        CorrectionStatus.Corrected => "corrected",
        CorrectionStatus.Unchanged => "unchanged",
        CorrectionStatus.Rejected => "rejected",
        CorrectionStatus.Failed => "failed",
        CorrectionStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown correction status"),
    };

    private static readonly FrozenDictionary<string, CorrectionStatus> ByName =
        Enum.GetValues<CorrectionStatus>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name.</summary>
    public static CorrectionStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"'{name}' is not a correction status");

    /// <summary>True for statuses that are final for a given provider, model and prompt version, and so cached.</summary>
    public static bool IsSettled(this CorrectionStatus status) =>
        status is CorrectionStatus.Corrected or CorrectionStatus.Unchanged or CorrectionStatus.Rejected;
}
