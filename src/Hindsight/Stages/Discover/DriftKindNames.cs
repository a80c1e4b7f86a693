using System.Collections.Frozen;

namespace Hindsight.Stages.Discover;

/// <summary>
/// The snake_case names under which drift kinds are stored (in a file profile's drift keys, <c>kind:name</c>) and
/// reported: the one mapping.
/// </summary>
public static class DriftKindNames
{
    /// <summary>The stored name of <paramref name="kind"/>.</summary>
    public static string ToName(this DriftKind kind) => kind switch
    {
        DriftKind.RecordType => "record_type",
        DriftKind.Subtype => "subtype",
        DriftKind.TopLevelField => "top_level_field",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown drift kind"),
    };

    private static readonly FrozenDictionary<string, DriftKind> ByName =
        Enum.GetValues<DriftKind>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name; false for anything else.</summary>
    public static bool TryParse(string name, out DriftKind kind) => ByName.TryGetValue(name, out kind);

    /// <summary>The key of an unknown name in a file profile's drift map.</summary>
    public static string Key(DriftKind kind, string name) => $"{kind.ToName()}:{name}";

    /// <summary>Splits a drift key; a key without a known kind (none is written so) is read as a top-level field.</summary>
    public static (DriftKind Kind, string Name) Split(string key)
    {
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && TryParse(key[..colon], out var kind) ? (kind, key[(colon + 1)..]) : (DriftKind.TopLevelField, key);
    }
}
