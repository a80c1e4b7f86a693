namespace Hindsight.Sources.ClaudeCode;

/// <summary>The reason codes a dead letter can carry.</summary>
public static class DeadLetterReasons
{
    public const string InvalidJson = "invalid_json";
    public const string NotAnObject = "not_an_object";
    public const string MissingType = "missing_type";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string LineTooLong = "line_too_long";
}
