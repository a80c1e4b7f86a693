namespace Hindsight.Sources.ClaudeCode;

/// <summary>Where a read stopped: the offset just past the last complete line, and any partial tail.</summary>
public sealed record JsonlReadResult(long EndOffset, long LinesRead, long PartialTailBytes);
