using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>Progress lines (before 2.1.7x): a running command's output, a subagent's progress, a hook's start.</summary>
internal sealed class ProgressRecords(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;

    /// <summary>A progress line of <paramref name="dataType"/>: bash_progress, agent_progress, or a hook's progress.</summary>
    public void Write(string dataType, string? parentToolUseId, string? agentId = null)
    {
        chain.Tick(10, 2000);
        var uuid = Ids.Uuid(Random);
        var toolUseId = parentToolUseId is not null && dataType == "bash_progress" ? $"bash-progress-{Random.Next(0, 9)}" : Ids.Uuid(Random);
        var w = chain.BeginChainLine(chain.LastUuid);
        w.WriteString("type", "progress");
        w.WritePropertyName("data");
        w.WriteStartObject();
        w.WriteString("type", dataType);
        switch (dataType)
        {
            case "bash_progress":
                var output = Random.Pick(TextPools.BashOutputLines);
                w.WriteString("output", output);
                w.WriteString("fullOutput", output);
                w.WriteNumber("elapsedTimeSeconds", Random.Next(2, 60));
                w.WriteNumber("totalLines", Random.Next(1, 400));
                break;
            case "agent_progress":
                w.WriteString("agentId", agentId ?? chain.AgentId ?? "a" + Ids.HexChars(Random, 6));
                w.WriteString("prompt", "Explore the code");
                w.WritePropertyName("message");
                w.WriteStartObject();
                w.WriteString("type", "user");
                w.WritePropertyName("message");
                w.WriteStartObject();
                w.WriteString("role", "user");
                w.WriteString("content", "Searching for call sites");
                w.WriteEndObject();
                w.WriteString("uuid", Ids.Uuid(Random));
                Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
                w.WriteEndObject();
                break;
            default:
                var hookEvent = parentToolUseId is null ? (chain.LastUuid is null ? "SessionStart" : "UserPromptSubmit") : "PostToolUse";
                w.WriteString("hookEvent", hookEvent);
                w.WriteString("hookName", hookEvent == "SessionStart" ? "SessionStart:startup" : hookEvent);
                w.WriteString("command", "\"${CLAUDE_PLUGIN_ROOT}/scripts/notify.sh\" actor started");
                break;
        }
        w.WriteEndObject();
        w.WriteString("parentToolUseID", parentToolUseId ?? toolUseId);
        w.WriteString("toolUseID", toolUseId);
        Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
        w.WriteString("uuid", uuid);
        chain.EndChainLine(w, "progress", uuid);
        Out.Counters.CountKind("progress/" + dataType);
    }
}
