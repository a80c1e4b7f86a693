namespace Hindsight.Sources.ClaudeCode;

/// <summary>What a <see cref="JsonSlice"/> holds, and so how it becomes text.</summary>
internal enum JsonSliceKind : byte
{
    /// <summary>Not in the line, or of another JSON type than the one read: a field of the wrong type reads as absent.</summary>
    Absent,
    String,
    EscapedString,
    /// <summary>Any JSON value as written (numbers, literals, objects, arrays; strings with their quotes).</summary>
    Raw,
}
