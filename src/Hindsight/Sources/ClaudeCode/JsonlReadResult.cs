namespace Hindsight.Sources.ClaudeCode;

/// <summary>Where a read stopped: the offset just past the last complete line, how many lines were blank, and any partial tail.</summary>
public sealed record JsonlReadResult(long EndOffset, long LinesRead, long BlankLines, long PartialTailBytes);
