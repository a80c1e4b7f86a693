namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// One physical line of a JSONL file. <see cref="Bytes"/> points into the reader's buffer and is
/// valid only until the reader moves to the next line; copy what must outlive it.
/// </summary>
public readonly record struct JsonlLine(
    long LineNumber,
    long ByteOffset,
    long NextOffset,
    ReadOnlyMemory<byte> Bytes,
    long FullLength,
    bool IsTooLong,
    string? TooLongSha256);
