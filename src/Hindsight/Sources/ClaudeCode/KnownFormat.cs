namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// The record types, subtypes and top-level fields of Claude Code's transcripts that Hindsight knows, up to 2.1.332
/// (docs/transcript-format.md §2.2-2.3 and §8-9). Anything else in a transcript is format drift: it is still kept raw, and
/// <c>hindsight drift</c> and the manifest's <c>drift</c> section name it with the versions and dates it appeared in,
/// so that a format change is noticed the day it lands. Adding a name here is how a release says "understood".
/// </summary>
public static class KnownFormat
{
    /// <summary>The newest Claude Code version these lists were checked against.</summary>
    public const string CheckedAgainstVersion = "2.1.332";

    /// <summary>Record types come from the one list of them, <see cref="KnownRecordTypes"/>.</summary>
    public static IReadOnlySet<string> RecordTypes => KnownRecordTypes.All;

    /// <summary>
    /// Subtypes as <c>type/subtype</c>: <c>system.subtype</c>, <c>attachment.type</c>, <c>progress.data.type</c> and
    /// <c>queue-operation.operation</c> (the discriminators <see cref="TranscriptLineParser"/> reads).
    /// </summary>
    public static IReadOnlySet<string> Subtypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "system/stop_hook_summary", "system/compact_boundary", "system/microcompact_boundary", "system/turn_duration",
        "system/away_summary", "system/local_command", "system/informational", "system/api_error",
        "attachment/hook_success", "attachment/hook_additional_context", "attachment/hook_blocking_error",
        "attachment/hook_non_blocking_error", "attachment/hook_cancelled", "attachment/deferred_tools_delta",
        "attachment/skill_listing", "attachment/task_reminder", "attachment/queued_command", "attachment/todo_reminder",
        "attachment/new_file", "attachment/edited_text_file", "attachment/plan_mode", "attachment/critical_system_reminder",
        "progress/hook_progress", "progress/bash_progress", "progress/agent_progress", "progress/waiting_for_task",
        "progress/mcp_progress", "progress/query_update", "progress/search_results_received",
        "queue-operation/enqueue", "queue-operation/dequeue", "queue-operation/remove", "queue-operation/popAll",
    };

    /// <summary>Top-level fields of any record type (the envelope and each type's own fields).</summary>
    public static IReadOnlySet<string> TopLevelFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        // Envelope (§2.3).
        "type", "uuid", "parentUuid", "logicalParentUuid", "sessionId", "timestamp", "cwd", "gitBranch", "version",
        "userType", "isSidechain", "agentId", "requestId", "entrypoint", "slug", "teamName", "forkedFrom",
        // user and assistant lines.
        "message", "toolUseResult", "isMeta", "isCompactSummary", "isVisibleInTranscriptOnly", "thinkingMetadata",
        "todos", "permissionMode", "promptId", "sourceToolAssistantUUID", "sourceToolUseID", "imagePasteIds",
        "promptSource", "origin", "turnOrigin", "isApiErrorMessage", "error", "apiErrorStatus", "truncatedAfterOutput",
        "costUSD", "durationMs", "effort", "perTurnEffort", "attributionSkill", "attributionMcpServer", "clientRequestId",
        "fastMode", "querySource", "planContent", "mcpMeta",
        // system lines.
        "subtype", "content", "level", "toolUseID", "hookCount", "hookInfos", "hookErrors", "hasOutput",
        "preventedContinuation", "stopReason", "compactMetadata", "messageCount", "microcompactMetadata",
        // progress and attachment lines.
        "data", "parentToolUseID", "attachment",
        // Metadata records.
        "summary", "leafUuid", "messageId", "snapshot", "isSnapshotUpdate", "operation", "lastPrompt", "customTitle",
        "aiTitle", "agentName", "agentColor", "agentSetting", "tag", "prNumber", "prUrl", "prRepository", "mode", "atis",
        "totalCostUSD", "totalAPIDuration", "totalAPIDurationWithoutRetries", "totalToolDuration", "totalLinesAdded",
        "totalLinesRemoved", "totalDuration", "startTime", "modelUsage", "hasUnknownModelCost", "modelCallCostUSD",
    };

    public static bool IsKnownType(string type) => RecordTypes.Contains(type);

    /// <summary>A subtype is judged only for the types whose discriminator Hindsight reads; others pass.</summary>
    public static bool IsKnownSubtype(string type, string subtype) =>
        type is not ("system" or "attachment" or "progress" or "queue-operation") || Subtypes.Contains($"{type}/{subtype}");

    public static bool IsKnownTopLevelField(string name) => TopLevelFields.Contains(name);
}
