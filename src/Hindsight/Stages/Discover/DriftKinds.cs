namespace Hindsight.Stages.Discover;

/// <summary>What an unknown name is: a record type, a subtype (<c>type/subtype</c>) or a top-level field.</summary>
public static class DriftKinds
{
    public const string RecordType = "record_type";
    public const string Subtype = "subtype";
    public const string TopLevelField = "top_level_field";

    public static string Key(string kind, string name) => $"{kind}:{name}";

    public static (string Kind, string Name) Split(string key)
    {
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (TopLevelField, key) : (key[..colon], key[(colon + 1)..]);
    }
}
