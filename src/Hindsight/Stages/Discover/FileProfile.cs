using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Aggregates of one file's lines. Only counts and bounds are kept, so memory depends on the number of
/// distinct names, never on the number of lines. Stored per file, so an unchanged file is not read again.
/// </summary>
public sealed class FileProfile
{
    /// <summary>
    /// What a profile holds: 0 before drift sightings, 1 with them, 2 with the last version and time in file order, so
    /// that a file that grew can be profiled on from where its profile ends (<see cref="FileProfileBuilder"/>).
    /// </summary>
    public const int CurrentProfileFormat = 2;
    /// <summary>Profiles older than this are read again; format 1 still describes its file exactly and is reused.</summary>
    public const int MinimumReusableFormat = 1;

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
    /// <summary>The version of the last record that carried one, in file order: what dates a metadata record appended after it.</summary>
    public string? LastVersionInFileOrder { get; set; }
    /// <summary>The timestamp of the last record that carried one, in file order.</summary>
    public DateTimeOffset? LastTimeInFileOrder { get; set; }
    public DateTimeOffset? FirstTimestamp { get; set; }
    public DateTimeOffset? LastTimestamp { get; set; }
    public List<string> SampleErrors { get; set; } = [];
    public string? Error { get; set; }

    [JsonIgnore]
    public bool IsReusable => ProfileFormat >= MinimumReusableFormat;

    /// <summary>True when lines appended to its file can be profiled on from this profile (<see cref="FileProfileBuilder"/>).</summary>
    [JsonIgnore]
    public bool CanContinue => ProfileFormat >= CurrentProfileFormat && Error is null;

    [JsonIgnore]
    public bool HasParseErrors => DeadLetters > 0 || Error is not null;

    public void Add(FileProfile other)
    {
        AddSummary(other);
        AddInventory(other);
    }

    /// <summary>
    /// Adds what <see cref="ReadSummary"/> keeps of a profile: line and record counts, record types, versions and the
    /// dates.
    /// </summary>
    public void AddSummary(FileProfile other)
    {
        Lines += other.Lines;
        Records += other.Records;
        DeadLetters += other.DeadLetters;
        PartialTailBytes += other.PartialTailBytes;
        AddAll(DeadLetterReasons, other.DeadLetterReasons);
        AddAll(RecordTypes, other.RecordTypes);
        AddAll(Versions, other.Versions);
        SeeTimestamp(other.FirstTimestamp);
        SeeTimestamp(other.LastTimestamp);
    }

    /// <summary>
    /// Adds the inventory <see cref="ReadSummary"/> leaves out: subtypes, block types, tools, models and field paths.
    /// These are plain counts, so a total of them can also take a file's share out again (<see cref="SubtractInventory"/>).
    /// </summary>
    public void AddInventory(FileProfile other)
    {
        AddAll(RecordSubtypes, other.RecordSubtypes);
        AddAll(BlockTypes, other.BlockTypes);
        AddAll(ToolNames, other.ToolNames);
        AddAll(Models, other.Models);
        AddAll(TopLevelFields, other.TopLevelFields);
        AddAll(NestedFields, other.NestedFields);
        FieldPathsDropped += other.FieldPathsDropped;
    }

    /// <summary>
    /// Takes a file's inventory out of a total it was added to; a name whose count falls to zero goes, as if it had
    /// never been added. False, with the total left unusable, when the file's counts were not part of the total.
    /// </summary>
    public bool SubtractInventory(FileProfile other)
    {
        FieldPathsDropped -= other.FieldPathsDropped;
        return FieldPathsDropped >= 0
            & SubtractAll(RecordSubtypes, other.RecordSubtypes)
            & SubtractAll(BlockTypes, other.BlockTypes)
            & SubtractAll(ToolNames, other.ToolNames)
            & SubtractAll(Models, other.Models)
            & SubtractAll(TopLevelFields, other.TopLevelFields)
            & SubtractAll(NestedFields, other.NestedFields);
    }

    /// <summary>A stored profile, whole.</summary>
    public static FileProfile? Read(string json) => JsonSerializer.Deserialize(json, FileProfileJson.Default.FileProfile);

    /// <summary>The profile as it is stored.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FileProfileJson.Default.FileProfile);

    /// <summary>
    /// A stored profile without its inventory (<see cref="AddInventory"/>'s counts, most of its size): what a file's
    /// entry in the manifest and the decision need. The inventory's part of the JSON is skipped, not built.
    /// </summary>
    public static FileProfile? ReadSummary(string json) => JsonSerializer.Deserialize(json, SummaryInfo);

    private static readonly HashSet<string> InventoryProperties = new(StringComparer.Ordinal)
    {
        nameof(RecordSubtypes), nameof(BlockTypes), nameof(ToolNames), nameof(Models), nameof(TopLevelFields), nameof(NestedFields), nameof(FieldPathsDropped),
    };

    /// <summary>The source-generated contract without the inventory's properties.</summary>
    private static readonly JsonTypeInfo<FileProfile> SummaryInfo = (JsonTypeInfo<FileProfile>)new JsonSerializerOptions
    {
        TypeInfoResolver = FileProfileJson.Default.WithAddedModifier(info =>
        {
            if (info.Type != typeof(FileProfile)) return;
            foreach (var property in info.Properties.Where(p => InventoryProperties.Contains(p.Name)).ToList()) info.Properties.Remove(property);
        }),
    }.GetTypeInfo(typeof(FileProfile));

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

    private static bool SubtractAll(Dictionary<string, long> from, Dictionary<string, long> counts)
    {
        bool whole = true;
        foreach (var (key, value) in counts)
        {
            long left = from.GetValueOrDefault(key) - value;
            if (left > 0) from[key] = left;
            else from.Remove(key);
            whole &= left >= 0;
        }
        return whole;
    }
}
