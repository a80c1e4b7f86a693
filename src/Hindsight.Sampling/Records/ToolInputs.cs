using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>The <c>input</c> object of a tool_use block, by tool, and the todo list that TodoWrite's input and result share.</summary>
internal static class ToolInputs
{
    /// <summary>The input object a tool_use block carries for <paramref name="tool"/>.</summary>
    public static void Write(Utf8JsonWriter w, ToolCall tool, DeterministicRandom random)
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
                WriteTodos(w, "todos", random);
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

    /// <summary>A short todo list: the first item done, the second in progress, the rest pending.</summary>
    public static void WriteTodos(Utf8JsonWriter w, string name, DeterministicRandom random)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        var count = random.Next(2, 6);
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
}
