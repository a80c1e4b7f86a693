namespace Hindsight.Sources.ClaudeCode;

/// <summary>A content value: a string, or an array whose elements are <see cref="BlockSlices"/> First..First+Count.</summary>
internal struct ContentSlices
{
    public ContentKind Kind;
    public JsonSlice Text;
    public int First, Count;
}
