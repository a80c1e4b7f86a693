namespace Hindsight.Sources.ClaudeCode;

/// <summary>Text a person typed inside one tool-result block: the block it is in, and its classification.</summary>
public sealed record TypedToolResultText(int BlockIndex, Classification Classification);
