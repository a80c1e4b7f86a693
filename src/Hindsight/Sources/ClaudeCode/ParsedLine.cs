namespace Hindsight.Sources.ClaudeCode;

/// <summary>Exactly one of <see cref="Record"/> and <see cref="DeadLetter"/> is set.</summary>
public readonly record struct ParsedLine(TranscriptRecord? Record, DeadLetter? DeadLetter);
