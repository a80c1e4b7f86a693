using System.Text.Json.Serialization;

namespace Hindsight.Stages.Discovery;

/// <summary>
/// Aggregates of one file's lines. Only counts and bounds are kept, so memory depends on the number of
/// distinct names, never on the number of lines. Stored per file, so an unchanged file is not read again.
/// </summary>
public sealed class FileProfile
{
    /// <summary>Profiles written before a change of what a profile holds are read again (0: before drift sightings).</summary>
    public const int CurrentProfileFormat = 1;

    public int ProfileFormat { get; set; }
    public long Lines { get; set; }
    public long Records { get; set; }
    public long DeadLetters { get; set; }
    public long PartialTailBytes { get; set; }
    public Dictionary<string, long> DeadLetterReasons { get; set; } = [];
    public Dictionary<string, long> RecordTypes { get; set; } = [];
    public Dictionary<string, long> RecordSubtypes { get; set; } = [];
    public Dictionary<string, long> BlockTypes { get; set; } = [];
    public Dictionary<string, long> ToolNames { get; set; } = [];
    public Dictionary<string, long> Models { get; set; } = [];
    public Dictionary<string, long> Versions { get; set; } = [];
    public Dictionary<string, long> TopLevelFields { get; set; } = [];
    public Dictionary<string, long> NestedFields { get; set; } = [];
    public long FieldPathsDropped { get; set; }

    /// <summary>Record types, subtypes and top-level fields <see cref="Sources.ClaudeCode.KnownFormat"/> does not know, keyed <c>kind:name</c>.</summary>
    public Dictionary<string, DriftSighting> Drift { get; set; } = [];

    /// <summary>Unknown names beyond <see cref="DriftCollector.MaxKeysPerFile"/>, counted but not kept.</summary>
    public long DriftDropped { get; set; }
    public DateTimeOffset? FirstTimestamp { get; set; }
    public DateTimeOffset? LastTimestamp { get; set; }
    public List<string> SampleErrors { get; set; } = [];
    public string? Error { get; set; }

    [JsonIgnore]
    public bool HasParseErrors => DeadLetters > 0 || Error is not null;

    public void Add(FileProfile other)
    {
        Lines += other.Lines;
        Records += other.Records;
        DeadLetters += other.DeadLetters;
        PartialTailBytes += other.PartialTailBytes;
        AddAll(DeadLetterReasons, other.DeadLetterReasons);
        AddAll(RecordTypes, other.RecordTypes);
        AddAll(RecordSubtypes, other.RecordSubtypes);
        AddAll(BlockTypes, other.BlockTypes);
        AddAll(ToolNames, other.ToolNames);
        AddAll(Models, other.Models);
        AddAll(Versions, other.Versions);
        AddAll(TopLevelFields, other.TopLevelFields);
        AddAll(NestedFields, other.NestedFields);
        FieldPathsDropped += other.FieldPathsDropped;
        SeeTimestamp(other.FirstTimestamp);
        SeeTimestamp(other.LastTimestamp);
    }

    public void SeeTimestamp(DateTimeOffset? time)
    {
        if (time is not { } t) return;
        if (FirstTimestamp is null || t < FirstTimestamp) FirstTimestamp = t;
        if (LastTimestamp is null || t > LastTimestamp) LastTimestamp = t;
    }

    public static void Count(Dictionary<string, long> counts, string? key, long amount = 1)
    {
        if (key is null) return;
        counts[key] = counts.GetValueOrDefault(key) + amount;
    }

    private static void AddAll(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (key, value) in from) Count(into, key, value);
    }
}
