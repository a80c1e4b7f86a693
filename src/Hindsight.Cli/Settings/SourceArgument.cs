using Hindsight.Sources;

namespace Hindsight.Cli.Settings;

/// <summary>
/// One <c>--source</c> value: <c>agent=DIR</c> names the agent whose files DIR holds (<c>codex=~/.codex</c>); a plain
/// <c>DIR</c> is Claude Code's, as it has always been. A value whose part before '=' is not an agent's name is a path.
/// </summary>
public static class SourceArgument
{
    public static (IReadOnlyList<string> ClaudeCode, IReadOnlyList<SourceFolder> OtherAgents) Split(IReadOnlyList<string> arguments)
    {
        var claude = new List<string>();
        var others = new List<SourceFolder>();
        foreach (var argument in arguments)
        {
            int equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && AgentNames.TryParse(argument[..equals], out var agent))
            {
                var folder = argument[(equals + 1)..];
                if (agent == Agent.ClaudeCode) claude.Add(folder);
                else others.Add(new SourceFolder(agent, Path.GetFullPath(folder), "--source"));
            }
            else
            {
                claude.Add(argument);
            }
        }
        return (claude, others);
    }
}
