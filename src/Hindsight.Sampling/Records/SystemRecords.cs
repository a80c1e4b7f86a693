using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>System lines: hook notices, stop-hook summaries, turn durations, away summaries, and compaction (its boundary and the summary the chain continues from).</summary>
internal sealed class SystemRecords(Conversation chain)
{
    private const string CompactSummaryOpening =
        "This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\n";

    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;

    /// <summary>A system line: 1.0.x hook notices without subtype, then stop_hook_summary, turn_duration, away_summary.</summary>
    public void Write(string? subtype)
    {
        chain.Tick(10, 1500);
        var uuid = Ids.Uuid(Random);
        var w = chain.BeginChainLine(chain.LastUuid);
        w.WriteString("type", "system");
        switch (subtype)
        {
            case null:
                w.WriteString("content", "Running PostToolUse:Edit...");
                w.WriteBoolean("isMeta", false);
                Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
                w.WriteString("uuid", uuid);
                w.WriteString("toolUseID", Ids.ToolUseId(Random));
                w.WriteString("level", "info");
                break;
            case "stop_hook_summary":
                w.WriteString("subtype", subtype);
                w.WriteNumber("hookCount", 1);
                w.WritePropertyName("hookInfos");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("command", "\"${CLAUDE_PLUGIN_ROOT}/scripts/notify.sh\" actor idle");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WritePropertyName("hookErrors");
                w.WriteStartArray();
                w.WriteEndArray();
                w.WriteBoolean("preventedContinuation", false);
                w.WriteString("stopReason", string.Empty);
                w.WriteBoolean("hasOutput", true);
                w.WriteString("level", "suggestion");
                Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
                w.WriteString("uuid", uuid);
                w.WriteString("toolUseID", Ids.Uuid(Random));
                break;
            case "turn_duration":
                w.WriteString("subtype", subtype);
                w.WriteNumber("durationMs", Random.Next(5_000, 600_000));
                w.WriteNumber("messageCount", Random.Next(3, 120));
                Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
                w.WriteString("uuid", uuid);
                w.WriteBoolean("isMeta", false);
                break;
            default:
                w.WriteString("subtype", subtype);
                w.WriteString("content", CorpusPlanner.Paragraph(Random, 2));
                Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
                w.WriteString("uuid", uuid);
                w.WriteBoolean("isMeta", false);
                break;
        }
        chain.EndChainLine(w, "system", uuid);
        Out.Counters.CountKind("system/" + (subtype ?? "none"));
    }

    /// <summary>Compaction: a compact_boundary with no parent pointing back logically, then the summary user line.</summary>
    public void WriteCompaction(bool manual)
    {
        chain.Tick(5_000, 90_000);
        var boundary = Ids.Uuid(Random);
        var w = chain.BeginChainLine(null);
        w.WriteString("type", "system");
        w.WriteString("subtype", "compact_boundary");
        w.WriteString("content", "Conversation compacted");
        w.WriteBoolean("isMeta", false);
        Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
        w.WriteString("uuid", boundary);
        w.WriteString("level", "info");
        w.WritePropertyName("compactMetadata");
        w.WriteStartObject();
        w.WriteString("trigger", manual ? "manual" : "auto");
        w.WriteNumber("preTokens", chain.ContextTokens);
        w.WriteEndObject();
        if (chain.LastUuid is not null)
        {
            w.WriteString("logicalParentUuid", chain.LastUuid);
        }
        chain.EndChainLine(w, "system", boundary);
        Out.Counters.CountKind("system/compact_boundary");

        var summary = chain.Payloads.Prose(Random.Next(2500, 9000), opening: CompactSummaryOpening).Span.ToString();
        chain.Tick(10, 200);
        var uuid = Ids.Uuid(Random);
        w = chain.BeginChainLine(chain.LastUuid, withPromptId: true);
        w.WriteString("type", "user");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteString("content", summary);
        w.WriteEndObject();
        w.WriteBoolean("isVisibleInTranscriptOnly", true);
        w.WriteBoolean("isCompactSummary", true);
        chain.WriteStamp(w, uuid);
        chain.EndChainLine(w, "user", uuid);
        Out.Counters.CountKind("user/compact_summary");
        chain.ContextTokens = 0;
        chain.PendingContextTokens = summary.Length / 4 + Random.Next(12_000, 16_000);
    }
}
