using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// What the user types: human prompts and steering (both recorded as ground truth with their expected corrections),
/// and the user lines that are not prompts (slash commands, shell input, caveats, interruptions, delegated prompts).
/// </summary>
internal sealed class UserRecords(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;
    private ClaudeVersion Version => chain.Version;

    /// <summary>Writes a human prompt line and records it as ground truth.</summary>
    public void WriteHumanPrompt(ComposedText text, string uuid, bool withImage, bool withIdeContext)
    {
        chain.Tick(20_000, 600_000);
        chain.PromptId = Version.IsModern ? Ids.Uuid(Random) : null;
        var line = Out.NextLineNumber;
        var w = chain.BeginChainLine(chain.LastUuid, withPromptId: true);
        w.WriteString("type", "user");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "user");
        if (!withImage && !withIdeContext && Random.Chance(0.85))
        {
            w.WriteString("content", text.Typed);
        }
        else
        {
            w.WritePropertyName("content");
            w.WriteStartArray();
            if (withIdeContext)
            {
                ContentBlocks.WriteText(w, $"<ide_opened_file>The user opened the file {chain.AbsolutePath(Random.Pick(TextPools.SourceFiles))} in the IDE. This may or may not be related to the current task.</ide_opened_file>");
            }
            ContentBlocks.WriteText(w, text.Typed);
            if (withImage)
            {
                ContentBlocks.WriteImage(w, chain.Payloads.Image(chain.Budget.Next(Random, 60_000, 10_000, 600_000)), Out.Counters);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        chain.WriteStamp(w, uuid);
        WritePromptExtras(w);
        chain.EndChainLine(w, "user", uuid);
        Out.Counters.CountKind("user/human_prompt");
        chain.AddContext(text.Typed.Length + (withImage ? 6400 : 0));
        RecordTruth(text, uuid, "prompt", line);
    }

    private void WritePromptExtras(Utf8JsonWriter w)
    {
        if (Version.Era != TranscriptEra.V21)
        {
            return;
        }
        if (!Version.IsModern)
        {
            w.WritePropertyName("thinkingMetadata");
            w.WriteStartObject();
            w.WriteNumber("maxThinkingTokens", 31999);
            w.WriteEndObject();
            w.WritePropertyName("todos");
            w.WriteStartArray();
            w.WriteEndArray();
        }
        w.WriteString("permissionMode", chain.PermissionMode);
    }

    /// <summary>Text typed while the agent works: queue-operation enqueue/remove, plus the queued_command attachment from 2.1.101.</summary>
    public void WriteSteering(ComposedText text)
    {
        chain.Tick(1000, 60_000);
        var line = Out.NextLineNumber;
        chain.Metadata.WriteQueueOperation("enqueue", text.Typed);
        chain.Metadata.WriteQueueOperation("remove", null);
        string? uuid = null;
        if (Version.HasQueuedCommand)
        {
            uuid = Ids.Uuid(Random);
            var w = chain.BeginChainLine(chain.LastUuid);
            w.WritePropertyName("attachment");
            w.WriteStartObject();
            w.WriteString("type", "queued_command");
            w.WriteString("prompt", text.Typed);
            w.WriteString("commandMode", "prompt");
            w.WriteEndObject();
            w.WriteString("type", "attachment");
            chain.WriteStamp(w, uuid);
            chain.EndChainLine(w, "attachment", uuid);
            Out.Counters.CountKind("attachment/queued_command");
            chain.AddContext(text.Typed.Length);
        }
        RecordTruth(text, uuid, "steering", line);
    }

    /// <summary>Counts a typed text where it is first written (never in a replay) and keeps it as ground truth.</summary>
    private void RecordTruth(ComposedText text, string? uuid, string kind, long line)
    {
        if (chain.Origin is not { } origin)
        {
            return;
        }
        if (kind == "prompt")
        {
            origin.HumanPrompts++;
        }
        else
        {
            origin.SteeringTexts++;
        }
        origin.TextsWithTypos += text.Typos.Count > 0 ? 1 : 0;
        origin.TextsWithSecrets += text.HasSecret ? 1 : 0;
        origin.TextsWithCode += text.HasCode ? 1 : 0;
        origin.Truth.Add(new TruthRecord(uuid, chain.SessionId, kind, chain.RelativePath, line, text.Typed, text.Expected, text.Typos,
            text.HasSecret, text.HasCode, text.HasUrl, text.HasPath));
    }

    /// <summary>A user line with plain text that is not a human prompt (commands, caveats, interruptions, delegations).</summary>
    public void WriteText(string text, string kind, bool isMeta = false, bool asBlocks = false, string? parentUuid = "")
    {
        chain.Tick(200, 20_000);
        var uuid = Ids.Uuid(Random);
        var w = chain.BeginChainLine(parentUuid == string.Empty ? chain.LastUuid : parentUuid, withPromptId: true);
        w.WriteString("type", "user");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "user");
        if (asBlocks)
        {
            w.WritePropertyName("content");
            w.WriteStartArray();
            ContentBlocks.WriteText(w, text);
            w.WriteEndArray();
        }
        else
        {
            w.WriteString("content", text);
        }
        w.WriteEndObject();
        if (isMeta)
        {
            w.WriteBoolean("isMeta", true);
        }
        chain.WriteStamp(w, uuid);
        chain.EndChainLine(w, "user", uuid);
        Out.Counters.CountKind(kind);
        chain.AddContext(text.Length);
    }

    /// <summary>A slash command as the user line that names it and the line with its (empty) output; 1.0.x sometimes adds the caveat first.</summary>
    public void WriteSlashCommand()
    {
        var command = Random.Pick(TextPools.SlashCommands);
        if (Version.Era == TranscriptEra.V10 && Random.Chance(0.5))
        {
            WriteText("Caveat: The messages below were generated by the user while running local commands. DO NOT respond to these messages or otherwise consider them in your response unless the user explicitly asks you to.", "user/meta", isMeta: true);
        }
        WriteText($"<command-name>{command}</command-name>\n            <command-message>{command[1..]}</command-message>\n            <command-args></command-args>", "user/slash_command");
        WriteText("<local-command-stdout></local-command-stdout>", "user/local_command_stdout");
    }

    /// <summary>A command the user ran in the prompt (! mode): its input line, then its output line.</summary>
    public void WriteShellInput()
    {
        var command = Random.Pick(TextPools.Commands);
        WriteText($"<bash-input>{command}</bash-input>", "user/shell_input");
        var output = chain.Payloads.Lines(TextPools.BashOutputLines, Random.Next(100, 3000)).Span.ToString();
        WriteText($"<bash-stdout>{output}</bash-stdout><bash-stderr></bash-stderr>", "user/shell_output");
    }
}
