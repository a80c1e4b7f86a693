namespace Hindsight.Sampling;

internal enum ToolKind
{
    Read,
    ReadImage,
    Edit,
    Write,
    Bash,
    Grep,
    Glob,
    TodoWrite,
    WebFetch,
    WebSearch,
    Mcp,
    Subagent,
}
