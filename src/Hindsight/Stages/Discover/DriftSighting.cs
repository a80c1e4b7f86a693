namespace Hindsight.Stages.Discover;

/// <summary>
/// Where one unknown record type, subtype or top-level field appeared in a file: how many records, the Claude Code
/// versions (each record's <c>version</c>, or the last one seen before it in the file for metadata records that
/// carry none) and the first and last dates (likewise). Bounded: at most <see cref="MaxVersions"/> versions.
/// </summary>
public sealed class DriftSighting
{
    public const int MaxVersions = 16;

    public long Records { get; set; }
    public List<string> Versions { get; set; } = [];
    public DateTimeOffset? First { get; set; }
    public DateTimeOffset? Last { get; set; }

    public void See(string? version, DateTimeOffset? time, long records = 1)
    {
        Records += records;
        if (version is not null && !Versions.Contains(version) && Versions.Count < MaxVersions) Versions.Add(version);
        if (time is { } t)
        {
            if (First is null || t < First) First = t;
            if (Last is null || t > Last) Last = t;
        }
    }

    public void Merge(DriftSighting other)
    {
        foreach (var version in other.Versions) See(version, null, 0);
        See(null, other.First, 0);
        See(null, other.Last, 0);
        Records += other.Records;
    }
}
