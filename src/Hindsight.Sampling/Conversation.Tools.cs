using System.Text.Json;

namespace Hindsight.Sampling;

internal sealed partial class Conversation
{
    private const string RejectedText =
        "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";

    public ToolKind PickToolKind()
    {
        ReadOnlySpan<double> weights = [30, 1.2, 14, 4, 25, 8, 5, 4, 2, 1, 2];
        return (ToolKind)Random.PickWeighted(weights);
    }

    public ToolCall NewToolCall(ToolKind kind, AgentPlan? agent = null)
    {
        var path = AbsolutePath(Random.Pick(TextPools.SourceFiles));
        return kind switch
        {
            ToolKind.Read => new ToolCall { Kind = kind, Id = Ids.ToolUseId(Random), Name = "Read", Path = path },
            ToolKind.ReadImage => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "Read",
                Path = AbsolutePath($"screenshots/screen-{Random.Next(1, 40)}.png"),
            },
            ToolKind.Edit => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = Version.Era == TranscriptEra.V20 && Random.Chance(0.1) ? "MultiEdit" : "Edit",
                Path = path, OldString = Random.Pick(TextPools.TypeScriptLines), NewString = Random.Pick(TextPools.PythonLines),
            },
            ToolKind.Write => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "Write", Path = path,
                WrittenContent = FileContent(path, Budget.Next(Random, 2500, 200, 60_000)),
            },
            ToolKind.Bash => NewBashCall(),
            ToolKind.Grep => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "Grep", Argument = Random.Pick(TextPools.FunctionNames),
            },
            ToolKind.Glob => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "Glob",
                Argument = Random.Pick<string>(["**/*.ts", "src/**/*.py", "**/*.cs", "**/*_test.go", "**/*.md"]),
            },
            ToolKind.TodoWrite => new ToolCall { Kind = kind, Id = Ids.ToolUseId(Random), Name = "TodoWrite" },
            ToolKind.WebFetch => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "WebFetch", Argument = Random.Pick(TextPools.Urls),
                Description = "Summarize the parts about retries and timeouts",
            },
            ToolKind.WebSearch => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "WebSearch",
                Argument = $"{Random.Pick(TextPools.FunctionNames)} best practices 2026",
            },
            ToolKind.Mcp => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = Random.Pick(TextPools.McpTools), Argument = Random.Next(10, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            _ => new ToolCall
            {
                Kind = ToolKind.Subagent,
                Id = agent?.ToolUseId ?? Ids.ToolUseId(Random),
                Name = Version.SubagentToolName,
                Agent = agent,
                Description = agent?.Description ?? Random.Pick(TextPools.AgentDescriptions),
                Argument = agent?.Prompt ?? $"Find where {Random.Pick(TextPools.FunctionNames)} is defined and list its callers.",
            },
        };
    }

    private ToolCall NewBashCall()
    {
        var command = Random.Chance(0.4) ? Random.Pick(TextPools.Commands) : Random.Pick<string>(["git status", "git diff --stat", "ls -la", "git log --oneline -10", "cat package.json"]);
        return new ToolCall
        {
            Kind = ToolKind.Bash, Id = Ids.ToolUseId(Random), Name = "Bash", Argument = command,
            Description = command.StartsWith("git", StringComparison.Ordinal) ? "Show repository state" : "Run the project command",
        };
    }

    private string AbsolutePath(string relative) =>
        Cwd.Contains('\\', StringComparison.Ordinal) ? $"{Cwd}\\{relative.Replace('/', '\\')}" : $"{Cwd}/{relative}";

    private void WriteToolInput(Utf8JsonWriter w, ToolCall tool)
    {
        w.WriteStartObject();
        switch (tool.Kind)
        {
            case ToolKind.Read or ToolKind.ReadImage:
                w.WriteString("file_path", tool.Path);
                break;
            case ToolKind.Edit:
                w.WriteString("file_path", tool.Path);
                w.WriteString("old_string", tool.OldString);
                w.WriteString("new_string", tool.NewString);
                break;
            case ToolKind.Write:
                w.WriteString("file_path", tool.Path);
                w.WriteString("content", tool.WrittenContent);
                break;
            case ToolKind.Bash:
                w.WriteString("command", tool.Argument);
                w.WriteString("description", tool.Description);
                break;
            case ToolKind.Grep:
                w.WriteString("pattern", tool.Argument);
                w.WriteString("output_mode", "content");
                w.WriteBoolean("-n", true);
                break;
            case ToolKind.Glob:
                w.WriteString("pattern", tool.Argument);
                break;
            case ToolKind.TodoWrite:
                WriteTodos(w, "todos");
                break;
            case ToolKind.WebFetch:
                w.WriteString("url", tool.Argument);
                w.WriteString("prompt", tool.Description);
                break;
            case ToolKind.WebSearch:
                w.WriteString("query", tool.Argument);
                break;
            case ToolKind.Mcp:
                w.WriteString("owner", "example-org");
                w.WriteString("repo", "example-repo");
                w.WriteString("issue_number", tool.Argument);
                break;
            default:
                w.WriteString("description", tool.Description);
                w.WriteString("prompt", tool.Argument);
                w.WriteString("subagent_type", tool.Agent?.AgentType ?? "general-purpose");
                break;
        }
        w.WriteEndObject();
    }

    /// <summary>Writes the user line carrying a call's tool_result and, from 2.0, its structured toolUseResult.</summary>
    public void WriteToolResult(ToolCall tool)
    {
        Tick(tool.Kind == ToolKind.Bash ? 500 : 30, tool.Kind is ToolKind.Bash or ToolKind.Subagent ? 90_000 : 3000);
        var uuid = Ids.Uuid(Random);
        var w = BeginChainLine(LastUuid, withPromptId: true);
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
            WriteStamp(w, uuid);
            w.WriteString("toolUseResult", tool.Rejected ? "User rejected tool use" : "Error: " + error);
            AddContext(error.Length);
        }
        else
        {
            bulky = WriteSuccessfulResult(w, tool, uuid);
        }
        if (Version.HasToolSourceLink && tool.AssistantUuid is not null)
        {
            w.WriteString("sourceToolAssistantUUID", tool.AssistantUuid);
        }
        var length = EndChainLine(w, "user", uuid);
        Out.Counters.CountKind("block/tool_result");
        if (bulky)
        {
            Budget.RecordBulkyLine(length);
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
                var raw = _scratch.Clear();
                var numbered = _scratch2.Clear();
                var lines = BuildFile(tool.Path, Budget.Next(Random, 4500, 300, 350_000), raw, numbered);
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
                AddContext(numbered.Length);
                return true;
            }
            case ToolKind.ReadImage:
            {
                var data = Context.Png(Random, Budget.Next(Random, 40_000, 8_000, 900_000) / 2, _scratch);
                w.WritePropertyName("content");
                w.WriteStartArray();
                WriteImageBlock(w, data);
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
                AddContext(1600 * 4);
                return true;
            }
            case ToolKind.Edit:
            {
                w.WriteString("content", $"The file {tool.Path} has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n    41→  const result = [];\n    42→{tool.NewString}\n    43→  return result;");
                EndResultBlock(w, uuid);
                var original = _scratch.Clear();
                BuildFile(tool.Path, Budget.Next(Random, 7000, 300, 450_000), original, null);
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
                RememberEdit(tool.Path);
                AddContext(300);
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
                RememberEdit(tool.Path);
                AddContext(100);
                return true;
            case ToolKind.Bash:
            {
                var output = Lines(_scratch.Clear(), TextPools.BashOutputLines, Budget.Next(Random, 900, 20, 300_000));
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
                AddContext(output.Length);
                return true;
            }
            case ToolKind.Grep:
            {
                var matches = GrepOutput(_scratch.Clear(), tool.Argument, Budget.Next(Random, 1200, 40, 200_000), out var count);
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
                AddContext(matches.Length);
                return true;
            }
            case ToolKind.Glob:
            {
                var count = Math.Max(1, Budget.Next(Random, 700, 60, 120_000) / 90);
                var paths = new string[count];
                var listing = _scratch.Clear();
                for (var i = 0; i < count; i++)
                {
                    paths[i] = AbsolutePath(i < TextPools.SourceFiles.Count ? TextPools.SourceFiles[i] : $"src/generated/module{i}.ts");
                    listing.Append(paths[i]).Append('\n');
                }
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
                AddContext(listing.Length);
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
                WriteTodos(w, "newTodos");
                w.WriteEndObject();
                AddContext(200);
                return false;
            case ToolKind.WebFetch:
            {
                var page = Prose(_scratch.Clear(), Budget.Next(Random, 2500, 200, 120_000));
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
                AddContext(page.Length);
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
                AddContext(400);
                return false;
            }
            case ToolKind.Mcp:
            {
                var text = Prose(_scratch.Clear(), Budget.Next(Random, 1800, 100, 80_000));
                w.WritePropertyName("content");
                w.WriteStartArray();
                WriteTextBlock(w, text.Span);
                w.WriteEndArray();
                EndResultBlock(w, uuid);
                w.WritePropertyName("toolUseResult");
                w.WriteStartArray();
                WriteTextBlock(w, text.Span);
                w.WriteEndArray();
                AddContext(text.Length);
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
        WriteTextBlock(w, report);
        if (agentId is not null && Version.Era == TranscriptEra.V21)
        {
            WriteTextBlock(w, $"agentId: {agentId} (for resuming to continue this agent's work if needed)\n<usage>total_tokens: {totalTokens}\ntool_uses: {toolUses}\nduration_ms: {durationMs}</usage>");
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
        WriteTextBlock(w, report);
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
        AddContext(report.Length);
    }

    /// <summary>Closes the tool_result block and the message, then writes uuid and timestamp.</summary>
    private void EndResultBlock(Utf8JsonWriter w, string uuid)
    {
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        WriteStamp(w, uuid);
    }

    public void WriteImageBlock(Utf8JsonWriter w, ReadOnlySpan<char> data)
    {
        w.WriteStartObject();
        w.WriteString("type", "image");
        w.WritePropertyName("source");
        w.WriteStartObject();
        w.WriteString("type", "base64");
        w.WriteString("media_type", "image/png");
        w.WriteString("data", data);
        w.WriteEndObject();
        w.WriteEndObject();
        Out.Counters.CountKind("block/image");
    }

    private void WriteTodos(Utf8JsonWriter w, string name)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        var count = Random.Next(2, 6);
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteString("content", $"Update {TextPools.FunctionNames[(i * 7) % TextPools.FunctionNames.Count]} and its tests");
            w.WriteString("status", i == 0 ? "completed" : i == 1 ? "in_progress" : "pending");
            w.WriteString("activeForm", $"Updating {TextPools.FunctionNames[(i * 7) % TextPools.FunctionNames.Count]}");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private void RememberEdit(string path)
    {
        if (!EditedFiles.Contains(path) && EditedFiles.Count < 24)
        {
            EditedFiles.Add(path);
        }
    }

    /// <summary>Fills <paramref name="raw"/> (and, with the Read tool's "   n→" numbering, <paramref name="numbered"/>) to about <paramref name="characters"/>.</summary>
    private int BuildFile(string path, int characters, TextBuilder raw, TextBuilder? numbered)
    {
        var pool = SourcePool(path);
        var start = Random.Next(pool.Count);
        var line = 0;
        while (raw.Length < characters || line == 0)
        {
            var text = pool[(start + line) % pool.Count];
            line++;
            raw.Append(text).Append('\n');
            numbered?.PadLeft(line, 6).Append('→').Append(text).Append('\n');
        }
        return line;
    }

    private TextBuilder Lines(TextBuilder builder, IReadOnlyList<string> pool, int characters)
    {
        var start = Random.Next(pool.Count);
        for (var i = 0; builder.Length < characters; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }
            builder.Append(pool[(start + i) % pool.Count]);
        }
        return builder;
    }

    private TextBuilder Prose(TextBuilder builder, int characters)
    {
        while (builder.Length < characters)
        {
            builder.Append(Random.Pick(TextPools.AssistantSentences)).Append(Random.Chance(0.2) ? "\n\n" : " ");
        }
        return builder;
    }

    private TextBuilder GrepOutput(TextBuilder builder, string pattern, int characters, out int count)
    {
        count = 0;
        while (builder.Length < characters || count == 0)
        {
            var file = TextPools.SourceFiles[(count * 5 + 3) % TextPools.SourceFiles.Count];
            builder.Append(file).Append(':').Append(10 + count * 17 % 400).Append(":  const value = ").Append(pattern).Append("(input);\n");
            count++;
        }
        return builder;
    }

    private string FileContent(string path, int characters)
    {
        var builder = _scratch.Clear();
        BuildFile(path, characters, builder, null);
        return builder.Span.ToString();
    }

    private static IReadOnlyList<string> SourcePool(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".py" => TextPools.PythonLines,
        ".cs" => TextPools.CSharpLines,
        ".go" => TextPools.GoLines,
        ".md" => TextPools.AssistantSentences,
        _ => TextPools.TypeScriptLines,
    };
}
