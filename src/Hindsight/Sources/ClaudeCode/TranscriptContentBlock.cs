namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// One block of message.content (a plain string content is one text block). Images keep their media
/// type and decoded size, never the base64 data, which stays in the raw line.
/// </summary>
public sealed record TranscriptContentBlock(
    int BlockIndex,
    string BlockType,
    string? Text,
    string? ToolName,
    string? ToolUseId,
    string? ToolInput,
    bool? IsError,
    string? MediaType,
    long? DataBytes);
