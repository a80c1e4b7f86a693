namespace Hindsight.Sources.ClaudeCode;

/// <summary>One element of a content array. Every field any block type reads is kept, since "type" may come last.</summary>
internal struct BlockSlices
{
    public ContentKind Kind;
    /// <summary>The element itself when it is not an object: a string, or raw JSON.</summary>
    public JsonSlice Self;
    public JsonSlice Type, Text, Thinking, Name, Id, ToolUseId, Input;
    public bool? IsError;
    /// <summary>A tool_result's content: a string, or parts First..First+Count of the line's <see cref="PartSlices"/>.</summary>
    public ContentSlices Result;
    public JsonSlice ImageData, ImageMediaType;
}
