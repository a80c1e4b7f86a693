namespace Hindsight.Sources.ClaudeCode;

/// <summary>Why a line could not become a record.</summary>
public enum DeadLetterReason
{
    InvalidJson,
    NotAnObject,
    MissingType,
    InvalidUtf8,
    LineTooLong,
}
