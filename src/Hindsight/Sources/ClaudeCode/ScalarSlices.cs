namespace Hindsight.Sources.ClaudeCode;

/// <summary>A field such as <c>effort</c> or <c>error</c> that is a string, number, boolean or an object with a type or message.</summary>
internal struct ScalarSlices
{
    public JsonSlice Value;
    public bool IsObject;
    public JsonSlice ObjectType, ObjectMessage;
}
