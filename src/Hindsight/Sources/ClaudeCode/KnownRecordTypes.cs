using System.Collections.Frozen;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Every top-level <c>type</c> a Claude Code transcript line is known to carry, up to 2.1.332
/// (docs/transcript-format.md §2.2 and §8.1). A type outside <see cref="All"/> is format drift: the line is still
/// stored whole (raw) and classified as metadata, and the drift report names it. One list, so that discovery,
/// cleaning and the drift report never disagree about what is known.
/// </summary>
public static class KnownRecordTypes
{
    /// <summary>Records that take part in the conversation chain (uuid/parentUuid).</summary>
    public static IReadOnlySet<string> Conversation { get; } = new[]
    {
        "user", "assistant", "system", "attachment", "progress",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Metadata records: none is a conversation turn. The 2.1.332 list (read from the binary's type tables), plus
    /// types of earlier versions that 2.1.332 no longer lists but old files hold (<c>summary</c> stays in both;
    /// <c>turn_end</c> is listed in a 2.0.49 spec).
    /// </summary>
    public static IReadOnlySet<string> Metadata { get; } = new[]
    {
        "file-history-snapshot", "file-history-delta", "last-prompt", "continued-in", "resume-head-vouch",
        "content-replacement", "data-flow-records", "data-flow-incomplete", "derived-from",
        "api-request", "api-request-shape", "api-request-blob", "api-request-resumed", "fork-context-ref", "frame-link",
        "summary", "custom-title", "ended-by-model", "ai-title", "tag", "relocated",
        "agent-name", "agent-color", "agent-setting", "pr-link",
        "artifact-comment-monitor", "artifact-autoreact-ledger", "bridge-session", "history-suppression",
        "attribution-snapshot", "mode", "permission-mode", "isolation-latch", "session-owner", "dev-mods",
        "memory-mode", "atis-latch", "tools-used", "worktree-state", "cost-state", "queue-operation", "observer-ref",
        // Earlier versions.
        "turn_end",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Metadata that 2.1.332 routes into the file of the agent it concerns ("route-by-agent") rather than the main
    /// session file: such lines arrive in subagent files, carry the parent's sessionId, and belong to that session.
    /// </summary>
    public static IReadOnlySet<string> RoutedToAgentFiles { get; } = new[]
    {
        "content-replacement", "data-flow-records", "data-flow-incomplete",
        "api-request", "api-request-shape", "api-request-blob", "api-request-resumed", "fork-context-ref", "observer-ref",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Conversation and metadata types together.</summary>
    public static IReadOnlySet<string> All { get; } = Conversation.Concat(Metadata).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string type) => All.Contains(type);

    public static bool IsMetadata(string type) => Metadata.Contains(type);
}
