using System.Text.Json.Nodes;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// The format-drift report: the unknown names of every file profile, merged. Names are judged again against today's
/// <see cref="KnownFormat"/>, so a name a release has learnt disappears without re-reading the files. Memory is
/// bounded by the number of distinct unknown names (at most <see cref="MaxItems"/>), never by lines or files.
/// </summary>
public sealed class FormatDrift
{
    public const int MaxItems = 2000;

    private readonly Dictionary<string, (DriftSighting Sighting, long Files)> _items = new(StringComparer.Ordinal);

    public long FilesProfiled { get; private set; }

    /// <summary>Names left out because <see cref="MaxItems"/> was reached, or dropped per file while profiling.</summary>
    public long Dropped { get; private set; }

    public void Add(FileProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        FilesProfiled++;
        Dropped += profile.DriftDropped;
        foreach (var (key, sighting) in profile.Drift)
        {
            if (!StillUnknown(key)) continue;
            if (!_items.TryGetValue(key, out var entry))
            {
                if (_items.Count >= MaxItems)
                {
                    Dropped++;
                    continue;
                }
                entry = (new DriftSighting(), 0);
            }
            entry.Sighting.Merge(sighting);
            _items[key] = (entry.Sighting, entry.Files + 1);
        }
    }

    /// <summary>Record types first, then subtypes, then fields; the newest appearance first within each.</summary>
    public IReadOnlyList<FormatDriftItem> Items =>
        _items.Select(p =>
            {
                var (kind, name) = DriftKindNames.Split(p.Key);
                return new FormatDriftItem(kind, name, p.Value.Sighting.Records, p.Value.Files,
                    p.Value.Sighting.Versions.OrderBy(VersionKey).ThenBy(v => v, StringComparer.Ordinal).ToList(),
                    p.Value.Sighting.First, p.Value.Sighting.Last);
            })
            .OrderBy(i => KindOrder(i.Kind)).ThenByDescending(i => i.FirstSeen).ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();

    public JsonObject ToJson()
    {
        var items = new JsonArray();
        foreach (var item in Items)
        {
            // JsonArray.Add(JsonNode), not Add<T>, which needs reflection (Native AOT).
            items.Add((JsonNode)new JsonObject
            {
                ["kind"] = item.Kind.ToName(),
                ["name"] = item.Name,
                ["records"] = item.Records,
                ["files"] = item.Files,
                ["versions"] = new JsonArray(item.Versions.Select(v => (JsonNode?)v).ToArray()),
                ["first_seen"] = item.FirstSeen?.ToString("O"),
                ["last_seen"] = item.LastSeen?.ToString("O"),
            });
        }
        return new JsonObject
        {
            ["known_format_checked_against"] = KnownFormat.CheckedAgainstVersion,
            ["files_profiled"] = FilesProfiled,
            ["unknown"] = items,
            ["dropped"] = Dropped,
        };
    }

    private static bool StillUnknown(string key)
    {
        var (kind, name) = DriftKindNames.Split(key);
        return kind switch
        {
            DriftKind.RecordType => !KnownFormat.IsKnownType(name),
            DriftKind.Subtype => name.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
                                  && !KnownFormat.IsKnownSubtype(name[..slash], name[(slash + 1)..]),
            _ => !KnownFormat.IsKnownTopLevelField(name),
        };
    }

    private static int KindOrder(DriftKind kind) => kind switch
    {
        DriftKind.RecordType => 0,
        DriftKind.Subtype => 1,
        _ => 2,
    };

    /// <summary>2.1.9 before 2.1.10: numeric parts compared as numbers; anything unparsable last.</summary>
    private static Version VersionKey(string version) =>
        Version.TryParse(version.Split('-', '+')[0], out var parsed) ? parsed : new Version(int.MaxValue, 0);
}
