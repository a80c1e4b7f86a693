using System.Text;

namespace Hindsight.Stages.Identify;

/// <summary>
/// What the identity gate found before anything was committed: ids that are null, malformed or
/// orphaned, ids two natural keys of this run share, ids already stored under another key, and stored
/// ids of another length than this run's (<paramref name="StoredWithOtherLength"/>, of length
/// <paramref name="StoredIdLength"/>; another length would re-key the whole warehouse).
/// </summary>
public sealed record IdentityGateReport(
    long IdsChecked,
    long UnusableIds,
    long CollidingIds,
    long CollidingKeys,
    long StoredCollisions,
    long StoredWithOtherLength,
    int StoredIdLength,
    int IdLength,
    IReadOnlyList<string> OffendingKeys)
{
    public const int MaxListedKeys = 20;

    public bool Passed => UnusableIds == 0 && CollidingIds == 0 && StoredCollisions == 0 && StoredWithOtherLength == 0;

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("Identity gate failed, nothing was written: ");
        var problems = new List<string>();
        if (CollidingIds > 0) problems.Add($"{CollidingIds} id(s) shared by {CollidingKeys} different natural keys");
        if (StoredCollisions > 0) problems.Add($"{StoredCollisions} id(s) already stored under another natural key");
        if (UnusableIds > 0) problems.Add($"{UnusableIds} entit(ies) with a null or malformed id or a missing parent");
        if (StoredWithOtherLength > 0)
            problems.Add($"{StoredWithOtherLength} stored id(s) have {StoredIdLength} hex characters, not {IdLength}: another length would give every entity a new id");
        text.Append(string.Join("; ", problems));
        text.Append($" (of {IdsChecked} ids checked).");
        if (OffendingKeys.Count > 0) text.Append($" Offending keys (first {OffendingKeys.Count}): ").Append(string.Join("; ", OffendingKeys));
        return text.ToString();
    }
}
