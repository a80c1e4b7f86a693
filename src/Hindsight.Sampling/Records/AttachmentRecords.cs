using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>Attachment lines (2.1.7x): hook results and context, the deferred tools, the skill listing, task reminders.</summary>
internal sealed class AttachmentRecords(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;

    /// <summary>An attachment line of <paramref name="attachmentType"/>; anything unnamed is a task reminder.</summary>
    public void Write(string attachmentType, string? toolUseId = null)
    {
        chain.Tick(5, 800);
        var uuid = Ids.Uuid(Random);
        var w = chain.BeginChainLine(chain.LastUuid);
        w.WritePropertyName("attachment");
        w.WriteStartObject();
        w.WriteString("type", attachmentType);
        switch (attachmentType)
        {
            case "hook_success":
                var hookEvent = toolUseId is null ? (chain.LastUuid is null ? "SessionStart" : "UserPromptSubmit") : "PostToolUse";
                w.WriteString("hookName", hookEvent == "SessionStart" ? "SessionStart:startup" : hookEvent);
                w.WriteString("toolUseID", toolUseId ?? Ids.Uuid(Random));
                w.WriteString("hookEvent", hookEvent);
                w.WriteString("content", string.Empty);
                w.WriteString("stdout", "{\"hookSpecificOutput\": {\"hookEventName\": \"" + hookEvent + "\"}}");
                w.WriteString("stderr", string.Empty);
                w.WriteNumber("exitCode", 0);
                w.WriteString("command", "\"${CLAUDE_PLUGIN_ROOT}/scripts/notify.sh\" actor started");
                w.WriteNumber("durationMs", Random.Next(20, 1500));
                break;
            case "hook_additional_context":
                w.WritePropertyName("content");
                w.WriteStartArray();
                w.WriteStringValue("notify 1.4.0 session registered");
                w.WriteEndArray();
                w.WriteString("hookName", "SessionStart");
                w.WriteString("toolUseID", "SessionStart");
                w.WriteString("hookEvent", "SessionStart");
                break;
            case "deferred_tools_delta":
                w.WritePropertyName("addedNames");
                w.WriteStartArray();
                foreach (var name in (string[])["AskUserQuestion", "CronCreate", "CronDelete", "WebFetch", "WebSearch"])
                {
                    w.WriteStringValue(name);
                }
                w.WriteEndArray();
                w.WritePropertyName("removedNames");
                w.WriteStartArray();
                w.WriteEndArray();
                break;
            case "skill_listing":
                w.WriteString("content", chain.Payloads.Prose(Random.Next(3000, 7000)).Span);
                w.WriteNumber("skillCount", Random.Next(8, 30));
                w.WriteBoolean("isInitial", true);
                break;
            default:
                w.WritePropertyName("content");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("id", "1");
                w.WriteString("subject", Random.Pick(TextPools.SessionTitles));
                w.WriteString("status", "in_progress");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteNumber("itemCount", 1);
                break;
        }
        w.WriteEndObject();
        w.WriteString("type", "attachment");
        chain.WriteStamp(w, uuid);
        chain.EndChainLine(w, "attachment", uuid);
        Out.Counters.CountKind("attachment/" + attachmentType);
    }
}
