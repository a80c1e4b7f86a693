namespace Hindsight.Sampling;

/// <summary>One content block of an API response; each becomes its own assistant line.</summary>
internal readonly record struct PlannedBlock(BlockKind Kind, string Text, ToolCall? Tool = null);
