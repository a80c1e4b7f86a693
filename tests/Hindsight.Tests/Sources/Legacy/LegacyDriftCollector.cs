using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

using Hindsight.Stages.Discovery;

namespace Hindsight.Tests.Sources.Legacy;

/// <summary>
/// Notes, while a file is profiled, every record type, subtype and top-level field <see cref="KnownFormat"/> does not
/// know. Metadata records carry no version or timestamp, so each record is dated by its own fields or else by the
/// last ones seen before it in the file (the session that wrote it). At most <see cref="MaxKeysPerFile"/> distinct
/// unknown names per file, so a file of random keys cannot grow the profile without bound.
/// </summary>
public sealed class LegacyDriftCollector(FileProfile profile)
{
    public const int MaxKeysPerFile = 200;

    private readonly List<string> _unknownFields = [];
    private string? _lastVersion;
    private DateTimeOffset? _lastTime;

    /// <summary>Called with the parsed root before the record is built: remembers its unknown top-level fields.</summary>
    public void CollectFields(JsonElement root)
    {
        _unknownFields.Clear();
        foreach (var property in root.EnumerateObject())
        {
            var name = LegacyFieldInventory.KeyOf(property.Name);
            if (!KnownFormat.IsKnownTopLevelField(name)) _unknownFields.Add(name);
        }
    }

    public void See(TranscriptRecord record)
    {
        _lastVersion = record.Version ?? _lastVersion;
        _lastTime = record.Timestamp ?? _lastTime;
        if (!KnownFormat.IsKnownType(record.Type)) Add(DriftKinds.RecordType, record.Type);
        else if (record.Subtype is { } subtype && !KnownFormat.IsKnownSubtype(record.Type, subtype)) Add(DriftKinds.Subtype, $"{record.Type}/{subtype}");
        foreach (var field in _unknownFields) Add(DriftKinds.TopLevelField, field);
        _unknownFields.Clear();
    }

    private void Add(string kind, string name)
    {
        var key = DriftKinds.Key(kind, name);
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
