namespace Hindsight.Sampling;

internal enum BlockKind
{
    Thinking,
    Text,
    ToolUse,
}
