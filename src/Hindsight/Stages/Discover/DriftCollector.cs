using System.Collections.Frozen;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Notes, while a file is profiled, every record type, subtype and top-level field <see cref="KnownFormat"/> does not
/// know. Metadata records carry no version or timestamp, so each record is dated by its own fields or else by the
/// last ones seen before it in the file (the session that wrote it). At most <see cref="MaxKeysPerFile"/> distinct
/// unknown names per file, so a file of random keys cannot grow the profile without bound.
/// Shown each line's top-level fields by the parser's walk (<see cref="ILineShapeObserver"/>), then the record by <see cref="See"/>.
/// </summary>
/// <param name="lastVersion">For a file profiled on from an earlier profile: the last version seen before the new lines.</param>
/// <param name="lastTime">Likewise, the last timestamp seen before them.</param>
public sealed class DriftCollector(FileProfile profile, string? lastVersion = null, DateTimeOffset? lastTime = null) : ILineShapeObserver
{
    public const int MaxKeysPerFile = 200;

    /// <summary>Looked up by the name as the walk read it, so a known field costs no string.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownTopLevelFields =
        KnownFormat.TopLevelFields.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly List<string> _unknownFields = [];
    private string? _lastVersion = lastVersion;
    private DateTimeOffset? _lastTime = lastTime;

    public void LineStarted() => _unknownFields.Clear();

    /// <summary>Remembers the line's unknown top-level fields; never asks to see inside them.</summary>
    public bool Property(int depth, ReadOnlySpan<char> name)
    {
        // Every known name is its own key (FieldInventory.KeyOf), so the name can be looked up before it is made a key.
        if (depth == 1 && !KnownTopLevelFields.Contains(name)) _unknownFields.Add(FieldInventory.KeyOf(name));
        return false;
    }

    public bool Element(int depth, int index) => false;

    /// <summary>Nothing to do: <see cref="See"/> takes the record and the fields remembered for it.</summary>
    public void LineAccepted()
    {
    }

    public void See(TranscriptRecord record)
    {
        _lastVersion = record.Version ?? _lastVersion;
        _lastTime = record.Timestamp ?? _lastTime;
        if (!KnownFormat.IsKnownType(record.Type)) Add(DriftKind.RecordType, record.Type);
        else if (record.Subtype is { } subtype && !KnownFormat.IsKnownSubtype(record.Type, subtype)) Add(DriftKind.Subtype, $"{record.Type}/{subtype}");
        foreach (var field in _unknownFields) Add(DriftKind.TopLevelField, field);
        _unknownFields.Clear();
    }

    private void Add(DriftKind kind, string name)
    {
        var key = DriftKindNames.Key(kind, name);
        if (!profile.Drift.TryGetValue(key, out var sighting))
        {
            if (profile.Drift.Count >= MaxKeysPerFile)
            {
                profile.DriftDropped++;
                return;
            }
            profile.Drift[key] = sighting = new DriftSighting();
        }
        sighting.See(_lastVersion, _lastTime);
    }
}
