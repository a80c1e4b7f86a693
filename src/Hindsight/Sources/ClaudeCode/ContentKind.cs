namespace Hindsight.Sources.ClaudeCode;

/// <summary>What a content value, or one element of a content array, is.</summary>
internal enum ContentKind : byte
{
    Absent,
    String,
    Array,
    /// <summary>A content block that is a JSON object (the usual one).</summary>
    Object,
    /// <summary>Any other JSON value.</summary>
    Other,
}
