using System.Text.Json;

using Hindsight.Stages.Discovery;

namespace Hindsight.Tests.Sources.Legacy;

/// <summary>
/// Collects the key paths of a record (<c>message.content[].type</c>) with dynamic keys collapsed to
/// <c>*</c>, so file paths under <c>snapshot.trackedFileBackups</c> and ids used as keys do not blow the
/// inventory up (the original listed 10,197 nested paths, 9,531 of them file paths). Bounded in depth,
/// in array elements looked at, and in distinct top-level keys and nested paths kept per file.
/// </summary>
public sealed class LegacyFieldInventory
{
    public const int MaxDepth = 8;
    public const int MaxArrayElements = 4;
    public const int MaxPathsPerFile = 2000;

    private readonly HashSet<string> _seenInRecord = new(StringComparer.Ordinal);
    /// <summary>Path strings built once per (parent path, key): the same few hundred paths recur on every line.</summary>
    private readonly Dictionary<(string Parent, string Key), string> _paths = [];
    private readonly Dictionary<string, string> _arrayPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    /// <summary>Counts each path once per record into the profile.</summary>
    public void Collect(JsonElement root, FileProfile profile)
    {
        if (root.ValueKind != JsonValueKind.Object) return;
        _seenInRecord.Clear();
        foreach (var property in root.EnumerateObject())
        {
            var key = CachedKey(property.Name);
            // Capped like nested paths: one line of 100,000 distinct keys made a 1.3 MB profile and a 2 MB manifest.
            if (profile.TopLevelFields.ContainsKey(key) || profile.TopLevelFields.Count < MaxPathsPerFile)
                FileProfile.Count(profile.TopLevelFields, key);
            else
                profile.FieldPathsDropped++;
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
                    var child = PathOf(path, CachedKey(property.Name));
                    _seenInRecord.Add(child);
                    Walk(property.Value, child, depth + 1, profile);
                }
                break;
            case JsonValueKind.Array:
                int seen = 0;
                if (!_arrayPaths.TryGetValue(path, out var element)) _arrayPaths[path] = element = path + "[]";
                foreach (var item in value.EnumerateArray())
                {
                    if (seen++ == MaxArrayElements) break;
                    Walk(item, element, depth + 1, profile);
                }
                break;
        }
    }

    private string PathOf(string parent, string key)
    {
        if (!_paths.TryGetValue((parent, key), out var path)) _paths[(parent, key)] = path = string.Concat(parent, ".", key);
        return path;
    }

    private string CachedKey(string name)
    {
        if (!_keys.TryGetValue(name, out var key))
        {
            key = KeyOf(name);
            // Dynamic keys are unbounded; only field names are worth remembering.
            if (key != "*") _keys[name] = key;
        }
        return key;
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
