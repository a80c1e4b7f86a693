using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Collects the key paths of a record (<c>message.content[].type</c>) with dynamic keys collapsed to
/// <c>*</c>, so file paths under <c>snapshot.trackedFileBackups</c> and ids used as keys do not blow the
/// inventory up (the original listed 10,197 nested paths, 9,531 of them file paths). Bounded in depth,
/// in array elements looked at, and in distinct top-level keys and nested paths kept per file.
/// Fed by the parser's walk (<see cref="ILineShapeObserver"/>); a line's paths count once it is a record.
/// </summary>
public sealed class FieldInventory : ILineShapeObserver
{
    public const int MaxDepth = 8;
    public const int MaxArrayElements = 4;
    public const int MaxPathsPerFile = 2000;
    /// <summary>Past this many distinct paths the caches start afresh (between lines): a file of random keys cannot grow them.</summary>
    private const int MaxCachedPaths = 50_000;

    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _keysByName;
    /// <summary>Path strings built once per (parent path, key): the same few hundred paths recur on every line.</summary>
    private readonly Dictionary<(int Parent, string Key), int> _childPaths = [];
    private readonly Dictionary<int, int> _elementPaths = [];
    private readonly List<string> _pathNames = [];
    /// <summary>One id per path string: a key holding "[]" can spell the same path as an array's elements.</summary>
    private readonly Dictionary<string, int> _pathIds = new(StringComparer.Ordinal);
    private readonly List<int> _seenStamp = [];
    private int _stamp;

    /// <summary>The path at each depth of the walk so far (index 0: the root, which has none).</summary>
    private readonly List<int> _pathAtDepth = [-1];
    private readonly List<string> _lineTopLevelKeys = [];
    private readonly List<int> _lineNestedPaths = [];

    private readonly FileProfile _profile;

    public FieldInventory(FileProfile profile)
    {
        _profile = profile;
        _keysByName = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void LineStarted()
    {
        _lineTopLevelKeys.Clear();
        _lineNestedPaths.Clear();
        if (_pathNames.Count > MaxCachedPaths)
        {
            _keys.Clear();
            _childPaths.Clear();
            _elementPaths.Clear();
            _pathNames.Clear();
            _pathIds.Clear();
            _seenStamp.Clear();
        }
        _stamp++;
    }

    public bool Property(int depth, ReadOnlySpan<char> name)
    {
        var key = CachedKey(name);
        int path;
        if (depth == 1)
        {
            _lineTopLevelKeys.Add(key);
            path = PathOf(-1, key);
        }
        else
        {
            path = PathOf(_pathAtDepth[depth - 1], key);
            // Each nested path counts once per record, however many elements of an array hold it.
            if (_seenStamp[path] != _stamp)
            {
                _seenStamp[path] = _stamp;
                _lineNestedPaths.Add(path);
            }
        }
        SetPathAt(depth, path);
        return depth < MaxDepth;
    }

    public bool Element(int depth, int index)
    {
        if (index >= MaxArrayElements) return false;
        var array = _pathAtDepth[depth - 1];
        if (!_elementPaths.TryGetValue(array, out var element))
        {
            _elementPaths[array] = element = NewPath(_pathNames[array] + "[]");
        }
        SetPathAt(depth, element);
        return depth < MaxDepth;
    }

    /// <summary>Counts the record's top-level keys (each occurrence) and nested paths (once each) into the profile.</summary>
    public void LineAccepted()
    {
        foreach (var key in _lineTopLevelKeys)
        {
            // Capped like nested paths: one line of 100,000 distinct keys made a 1.3 MB profile and a 2 MB manifest.
            if (_profile.TopLevelFields.ContainsKey(key) || _profile.TopLevelFields.Count < MaxPathsPerFile)
                FileProfile.Count(_profile.TopLevelFields, key);
            else
                _profile.FieldPathsDropped++;
        }
        foreach (var id in _lineNestedPaths)
        {
            var path = _pathNames[id];
            if (_profile.NestedFields.ContainsKey(path) || _profile.NestedFields.Count < MaxPathsPerFile)
                FileProfile.Count(_profile.NestedFields, path);
            else
                _profile.FieldPathsDropped++;
        }
        _lineTopLevelKeys.Clear();
        _lineNestedPaths.Clear();
    }

    private void SetPathAt(int depth, int path)
    {
        while (_pathAtDepth.Count <= depth) _pathAtDepth.Add(-1);
        _pathAtDepth[depth] = path;
    }

    private int PathOf(int parent, string key)
    {
        if (!_childPaths.TryGetValue((parent, key), out var path))
        {
            _childPaths[(parent, key)] = path = NewPath(parent < 0 ? key : string.Concat(_pathNames[parent], ".", key));
        }
        return path;
    }

    private int NewPath(string name)
    {
        if (_pathIds.TryGetValue(name, out var existing)) return existing;
        _pathIds[name] = _pathNames.Count;
        _pathNames.Add(name);
        _seenStamp.Add(0);
        return _pathNames.Count - 1;
    }

    private string CachedKey(ReadOnlySpan<char> name)
    {
        if (_keysByName.TryGetValue(name, out var key)) return key;
        key = KeyOf(name);
        // Dynamic keys are unbounded; only field names are worth remembering.
        if (key != "*") _keys[key] = key;
        return key;
    }

    /// <summary>A key that looks like data rather than a field name becomes <c>*</c>.</summary>
    public static string KeyOf(string key) => KeyOf(key.AsSpan(), key);

    /// <summary>A key that looks like data rather than a field name becomes <c>*</c>; otherwise the name as a string.</summary>
    public static string KeyOf(ReadOnlySpan<char> key) => KeyOf(key, null);

    private static string KeyOf(ReadOnlySpan<char> key, string? asString)
    {
        if (key.Length == 0) return "*";
        if (key.Length > 40 || char.IsDigit(key[0])) return "*";
        foreach (var c in key)
        {
            if (c is '/' or '\\' or ':' or '.' or ' ' or '@') return "*";
        }
        int hex = 0;
        foreach (var c in key) if (char.IsAsciiHexDigit(c) || c == '-') hex++;
        return hex == key.Length && key.Length >= 8 ? "*" : asString ?? key.ToString();
    }
}
