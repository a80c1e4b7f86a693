namespace Hindsight.Sampling;

/// <summary>
/// Picks the tools the assistant calls and their arguments (paths under the chain's working folder, commands, patterns,
/// URLs, the subagent a session delegates to). A Write call's content is composed here, since its input carries it.
/// </summary>
internal sealed class ToolCallPlanner(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private ClaudeVersion Version => chain.Version;

    public ToolKind PickKind()
    {
        ReadOnlySpan<double> weights = [30, 1.2, 14, 4, 25, 8, 5, 4, 2, 1, 2];
        return (ToolKind)Random.PickWeighted(weights);
    }

    public ToolCall NewCall(ToolKind kind, AgentPlan? agent = null)
    {
        var path = chain.AbsolutePath(Random.Pick(TextPools.SourceFiles));
        return kind switch
        {
            ToolKind.Read => new ToolCall { Kind = kind, Id = Ids.ToolUseId(Random), Name = "Read", Path = path },
            ToolKind.ReadImage => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "Read",
                Path = chain.AbsolutePath($"screenshots/screen-{Random.Next(1, 40)}.png"),
            },
            ToolKind.Edit => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = Version.Era == TranscriptEra.V20 && Random.Chance(0.1) ? "MultiEdit" : "Edit",
                Path = path, OldString = Random.Pick(TextPools.TypeScriptLines), NewString = Random.Pick(TextPools.PythonLines),
            },
            ToolKind.Write => new ToolCall
            {
                Kind = kind, Id = Ids.ToolUseId(Random), Name = "Write", Path = path,
                WrittenContent = chain.Payloads.FileContent(path, chain.Budget.Next(Random, 2500, 200, 60_000)),
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
}
