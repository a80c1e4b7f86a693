namespace Hindsight.Sources.ClaudeCode;

/// <summary>A line that could not become a record, kept with its reason so nothing is lost silently.</summary>
public sealed record DeadLetter(
    string FileId,
    long LineNumber,
    long ByteOffset,
    DeadLetterReason Reason,
    string Detail,
    byte[] RawPrefix,
    long RawLength,
    string RawSha256)
{
    /// <summary>
    /// The whole line as written (never redacted: it is part of the raw archive), or null for a line longer than
    /// --max-line-bytes, which is never held whole.
    /// </summary>
    public byte[]? Line { get; init; }

    /// <summary>The agent whose parser could not read the line.</summary>
    public Agent Agent { get; init; } = Agent.ClaudeCode;
}
