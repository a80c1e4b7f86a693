namespace Hindsight.Stages.Extract;

/// <summary>The hash of one block of a file's ingested range: bytes [Index × block size, EndOffset).</summary>
public readonly record struct BlockFingerprint(long Index, long EndOffset, string Hash);
