using Hindsight.Messages;

namespace Hindsight.Search;

/// <summary>The message kinds the search index holds.</summary>
public static class SearchIndexedKinds
{
    /// <summary>
    /// What people typed (stage 4's targets), what the assistant wrote, and tool results (an error, the head of a
    /// command's output: often what one looks for again). Thinking, tool calls and the machine's own messages are not indexed.
    /// </summary>
    public static IReadOnlyList<MessageKind> All { get; } =
        [.. MessageKindNames.HumanTyped, MessageKind.AssistantText, MessageKind.ToolResult];
}
