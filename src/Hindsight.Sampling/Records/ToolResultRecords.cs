using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// The user line that answers a tool call: its tool_result block and, from 2.0, its structured toolUseResult, by tool,
/// for a success, a failure or a rejection. The bulky payloads come from <see cref="PayloadComposer"/>, sized by the
/// chain's <see cref="PayloadBudget"/>.
/// </summary>
internal sealed class ToolResultRecords(Conversation chain)
{
    private const string RejectedText =
        "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";

    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;
    private ClaudeVersion Version => chain.Version;

    /// <summary>Writes the user line carrying a call's tool_result and, from 2.0, its structured toolUseResult.</summary>
    public void Write(ToolCall tool)
    {
        chain.Tick(tool.Kind == ToolKind.Bash ? 500 : 30, tool.Kind is ToolKind.Bash or ToolKind.Subagent ? 90_000 : 3000);
        var uuid = Ids.Uuid(Random);
        var w = chain.BeginChainLine(chain.LastUuid, withPromptId: true);
        w.WriteString("type", "user");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WritePropertyName("content");
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("tool_use_id", tool.Id);
        w.WriteString("type", "tool_result");
        var bulky = false;
        if (tool.Rejected || tool.Fails)
        {
            var error = tool.Rejected ? RejectedText : ErrorText(tool);
            w.WriteString("content", error);
            w.WriteBoolean("is_error", true);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            chain.WriteStamp(w, uuid);
            w.WriteString("toolUseResult", tool.Rejected ? "User rejected tool use" : "Error: " + error);
            chain.AddContext(error.Length);
        }
        else
        {
            bulky = WriteSuccessfulResult(w, tool, uuid);
        }
        if (Version.HasToolSourceLink && tool.AssistantUuid is not null)
        {
            w.WriteString("sourceToolAssistantUUID", tool.AssistantUuid);
        }
        var length = chain.EndChainLine(w, "user", uuid);
        Out.Counters.CountKind("block/tool_result");
        if (bulky)
        {
            chain.Budget.RecordBulkyLine(length);
        }
    }

    private static string ErrorText(ToolCall tool) => tool.Kind switch
    {
        ToolKind.Bash => "Exit code 1\nnpm ERR! code ELIFECYCLE\nnpm ERR! errno 1",
        ToolKind.Edit or ToolKind.Write => "<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>",
        ToolKind.WebFetch => "Request failed with status code 403",
        _ => "<tool_use_error>File does not exist.</tool_use_error>",
    };

    /// <summary>Returns whether the line is one of the bulky ones the payload budget sizes.</summary>
    private bool WriteSuccessfulResult(Utf8JsonWriter w, ToolCall tool, string uuid)
    {
        switch (tool.Kind)
        {
            case ToolKind.Read:
            {
                var lines = chain.Payloads.NumberedSourceFile(tool.Path, chain.Budget.Next(Random, 4500, 300, 350_000), out var raw, out var numbered);
                w.WriteString("content", numbered.Span);
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WritePropertyName("file");
                w.WriteStartObject();
                w.WriteString("filePath", tool.Path);
                w.WriteString("content", raw.Span);
                w.WriteNumber("numLines", lines);
                w.WriteNumber("startLine", 1);
                w.WriteNumber("totalLines", lines);
                w.WriteEndObject();
                w.WriteEndObject();
                chain.AddContext(numbered.Length);
                return true;
            }
            case ToolKind.ReadImage:
            {
                var data = chain.Payloads.Image(chain.Budget.Next(Random, 40_000, 8_000, 900_000) / 2);
                w.WritePropertyName("content");
                w.WriteStartArray();
                ContentBlocks.WriteImage(w, data, Out.Counters);
                w.WriteEndArray();
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("type", "image");
                w.WritePropertyName("file");
                w.WriteStartObject();
                w.WriteString("base64", data);
                w.WriteString("type", "image/png");
                w.WriteNumber("originalSize", data.Length / 4 * 3);
                w.WriteEndObject();
                w.WriteEndObject();
                chain.AddContext(1600 * 4);
                return true;
            }
            case ToolKind.Edit:
            {
                w.WriteString("content", $"The file {tool.Path} has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n    41→  const result = [];\n    42→{tool.NewString}\n    43→  return result;");
                EndResultBlock(w, uuid);
                var original = chain.Payloads.SourceFile(tool.Path, chain.Budget.Next(Random, 7000, 300, 450_000));
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("filePath", tool.Path);
                w.WriteString("oldString", tool.OldString);
                w.WriteString("newString", tool.NewString);
                w.WriteString("originalFile", original.Span);
                w.WritePropertyName("structuredPatch");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteNumber("oldStart", 41);
                w.WriteNumber("oldLines", 3);
                w.WriteNumber("newStart", 41);
                w.WriteNumber("newLines", 3);
                w.WritePropertyName("lines");
                w.WriteStartArray();
                w.WriteStringValue("   const result = [];");
                w.WriteStringValue("-" + tool.OldString);
                w.WriteStringValue("+" + tool.NewString);
                w.WriteStringValue("   return result;");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteBoolean("userModified", false);
                w.WriteBoolean("replaceAll", false);
                w.WriteEndObject();
                chain.RememberEditedFile(tool.Path);
                chain.AddContext(300);
                return true;
            }
            case ToolKind.Write:
                w.WriteString("content", $"File created successfully at: {tool.Path}");
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("type", "create");
                w.WriteString("filePath", tool.Path);
                w.WriteString("content", tool.WrittenContent);
                w.WritePropertyName("structuredPatch");
                w.WriteStartArray();
                w.WriteEndArray();
                w.WriteEndObject();
                chain.RememberEditedFile(tool.Path);
                chain.AddContext(100);
                return true;
            case ToolKind.Bash:
            {
                var output = chain.Payloads.Lines(TextPools.BashOutputLines, chain.Budget.Next(Random, 900, 20, 300_000));
                w.WriteString("content", output.Span);
                w.WriteBoolean("is_error", false);
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("stdout", output.Span);
                w.WriteString("stderr", string.Empty);
                w.WriteBoolean("interrupted", false);
                w.WriteBoolean("isImage", false);
                if (Version.Era == TranscriptEra.V21)
                {
                    w.WriteBoolean("noOutputExpected", false);
                }
                w.WriteEndObject();
                chain.AddContext(output.Length);
                return true;
            }
            case ToolKind.Grep:
            {
                var matches = chain.Payloads.GrepOutput(tool.Argument, chain.Budget.Next(Random, 1200, 40, 200_000), out var count);
                w.WriteString("content", matches.Span);
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("mode", "content");
                w.WriteNumber("numFiles", 0);
                w.WritePropertyName("filenames");
                w.WriteStartArray();
                w.WriteEndArray();
                w.WriteString("content", matches.Span);
                w.WriteNumber("numLines", count);
                w.WriteEndObject();
                chain.AddContext(matches.Length);
                return true;
            }
            case ToolKind.Glob:
            {
                var count = Math.Max(1, chain.Budget.Next(Random, 700, 60, 120_000) / 90);
                var paths = new string[count];
                for (var i = 0; i < count; i++)
                {
                    paths[i] = chain.AbsolutePath(i < TextPools.SourceFiles.Count ? TextPools.SourceFiles[i] : $"src/generated/module{i}.ts");
                }
                var listing = chain.Payloads.Listing(paths);
                w.WriteString("content", listing.Span);
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WritePropertyName("filenames");
                w.WriteStartArray();
                foreach (var path in paths)
                {
                    w.WriteStringValue(path);
                }
                w.WriteEndArray();
                w.WriteNumber("durationMs", Random.Next(3, 120));
                w.WriteNumber("numFiles", count);
                w.WriteBoolean("truncated", false);
                w.WriteEndObject();
                chain.AddContext(listing.Length);
                return true;
            }
            case ToolKind.TodoWrite:
                w.WriteString("content", "Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable");
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WritePropertyName("oldTodos");
                w.WriteStartArray();
                w.WriteEndArray();
                ToolInputs.WriteTodos(w, "newTodos", Random);
                w.WriteEndObject();
                chain.AddContext(200);
                return false;
            case ToolKind.WebFetch:
            {
                var page = chain.Payloads.Prose(chain.Budget.Next(Random, 2500, 200, 120_000));
                w.WriteString("content", page.Span);
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteNumber("bytes", page.Length * 4);
                w.WriteNumber("code", 200);
                w.WriteString("codeText", "OK");
                w.WriteString("result", page.Span);
                w.WriteNumber("durationMs", Random.Next(300, 9000));
                w.WriteString("url", tool.Argument);
                w.WriteEndObject();
                chain.AddContext(page.Length);
                return true;
            }
            case ToolKind.WebSearch:
            {
                var url = Random.Pick(TextPools.Urls);
                w.WriteString("content", $"Web search results for query: \"{tool.Argument}\"\n\nLinks: [{{\"title\":\"Reference\",\"url\":\"{url}\"}}]\n\n{Random.Pick(TextPools.AssistantSentences)}");
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartObject();
                w.WriteString("query", tool.Argument);
                w.WritePropertyName("results");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("tool_use_id", "srvtoolu_01" + Ids.Base62Chars(Random, 22));
                w.WritePropertyName("content");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("title", "Reference");
                w.WriteString("url", url);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteNumber("durationSeconds", Random.Next(2, 12));
                w.WriteEndObject();
                chain.AddContext(400);
                return false;
            }
            case ToolKind.Mcp:
            {
                var text = chain.Payloads.Prose(chain.Budget.Next(Random, 1800, 100, 80_000));
                w.WritePropertyName("content");
                w.WriteStartArray();
                ContentBlocks.WriteText(w, text.Span);
                w.WriteEndArray();
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartArray();
                ContentBlocks.WriteText(w, text.Span);
                w.WriteEndArray();
                chain.AddContext(text.Length);
                return true;
            }
            default:
                WriteSubagentResult(w, tool, uuid);
                return false;
        }
    }

    private void WriteSubagentResult(Utf8JsonWriter w, ToolCall tool, string uuid)
    {
        var report = tool.Agent?.Report ?? CorpusPlanner.Paragraph(Random, 3);
        var agentId = tool.Agent?.AgentId;
        var totalTokens = Random.Next(8_000, 90_000);
        var toolUses = Random.Next(2, 30);
        var durationMs = Random.Next(8_000, 400_000);
        w.WritePropertyName("content");
        w.WriteStartArray();
        ContentBlocks.WriteText(w, report);
        if (agentId is not null && Version.Era == TranscriptEra.V21)
        {
            ContentBlocks.WriteText(w, $"agentId: {agentId} (for resuming to continue this agent's work if needed)\n<usage>total_tokens: {totalTokens}\ntool_uses: {toolUses}\nduration_ms: {durationMs}</usage>");
        }
        w.WriteEndArray();
        EndResultBlock(w, uuid);
        w.WritePropertyName("toolUseResult");
        w.WriteStartObject();
        w.WriteString("status", "completed");
        w.WriteString("prompt", tool.Argument);
        if (agentId is not null)
        {
            w.WriteString("agentId", agentId);
        }
        w.WritePropertyName("content");
        w.WriteStartArray();
        ContentBlocks.WriteText(w, report);
        w.WriteEndArray();
        w.WriteNumber("totalDurationMs", durationMs);
        w.WriteNumber("totalTokens", totalTokens);
        w.WriteNumber("totalToolUseCount", toolUses);
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("input_tokens", Random.Next(1, 10));
        w.WriteNumber("cache_creation_input_tokens", Random.Next(200, 4000));
        w.WriteNumber("cache_read_input_tokens", totalTokens / 2);
        w.WriteNumber("output_tokens", Random.Next(200, 2000));
        w.WriteString("service_tier", "standard");
        w.WriteEndObject();
        w.WriteEndObject();
        chain.AddContext(report.Length);
    }

    /// <summary>Closes the tool_result block and the message, then writes uuid and timestamp.</summary>
    private void EndResultBlock(Utf8JsonWriter w, string uuid)
    {
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        chain.WriteStamp(w, uuid);
    }
}
