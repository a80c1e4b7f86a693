using System.Text.Json;

namespace Hindsight.Stages.Discovery;

/// <summary>
/// Collects the key paths of a record (<c>message.content[].type</c>) with dynamic keys collapsed to
/// <c>*</c>, so file paths under <c>snapshot.trackedFileBackups</c> and ids used as keys do not blow the
/// inventory up (the original listed 10,197 nested paths, 9,531 of them file paths). Bounded in depth,
/// in array elements looked at, and in distinct paths kept per file.
/// </summary>
public sealed class FieldInventory
{
    public const int MaxDepth = 8;
    public const int MaxArrayElements = 4;
    public const int MaxPathsPerFile = 2000;

    private readonly HashSet<string> _seenInRecord = new(StringComparer.Ordinal);

    /// <summary>Counts each path once per record into the profile.</summary>
    public void Collect(JsonElement root, FileProfile profile)
    {
        if (root.ValueKind != JsonValueKind.Object) return;
        _seenInRecord.Clear();
        foreach (var property in root.EnumerateObject())
        {
            var key = KeyOf(property.Name);
            FileProfile.Count(profile.TopLevelFields, key);
            Walk(property.Value, key, 1, profile);
        }
        foreach (var path in _seenInRecord)
        {
            if (profile.NestedFields.ContainsKey(path) || profile.NestedFields.Count < MaxPathsPerFile)
                FileProfile.Count(profile.NestedFields, path);
            else
                profile.FieldPathsDropped++;
        }
    }

    private void Walk(JsonElement value, string path, int depth, FileProfile profile)
    {
        if (depth >= MaxDepth) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var child = string.Concat(path, ".", KeyOf(property.Name));
                    _seenInRecord.Add(child);
                    Walk(property.Value, child, depth + 1, profile);
                }
                break;
            case JsonValueKind.Array:
                int seen = 0;
                var element = path + "[]";
                foreach (var item in value.EnumerateArray())
                {
                    if (seen++ == MaxArrayElements) break;
                    Walk(item, element, depth + 1, profile);
                }
                break;
        }
    }

    /// <summary>A key that looks like data rather than a field name becomes <c>*</c>.</summary>
    public static string KeyOf(string key)
    {
        if (key.Length == 0) return "*";
        if (key.Length > 40 || char.IsDigit(key[0])) return "*";
        foreach (var c in key)
        {
            if (c is '/' or '\\' or ':' or '.' or ' ' or '@') return "*";
        }
        int hex = 0;
        foreach (var c in key) if (char.IsAsciiHexDigit(c) || c == '-') hex++;
        return hex == key.Length && key.Length >= 8 ? "*" : key;
    }
}
