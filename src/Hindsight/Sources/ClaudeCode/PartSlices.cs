namespace Hindsight.Sources.ClaudeCode;

/// <summary>One element of a tool_result's content array.</summary>
internal struct PartSlices
{
    public JsonSlice Type, Text;
}
