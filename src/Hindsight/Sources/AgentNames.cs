using System.Collections.Frozen;

namespace Hindsight.Sources;

/// <summary>
/// The names under which agents are stored, reported and given on the command line (<c>--agent</c>,
/// <c>--source agent=DIR</c>): the one mapping. <c>claude_code</c> is also <c>entities.source_name</c>.
/// </summary>
public static class AgentNames
{
    public static string ToName(this Agent agent) => agent switch
    {
        Agent.ClaudeCode => "claude_code",
        Agent.Codex => "codex",
        Agent.GeminiCli => "gemini_cli",
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "unknown agent"),
    };

    private static readonly FrozenDictionary<string, Agent> ByName =
        Enum.GetValues<Agent>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Every agent's name, in the enum's order (for help texts and errors).</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<Agent>().Select(ToName).ToArray();

    public static bool TryParse(string name, out Agent agent) => ByName.TryGetValue(name, out agent);

    /// <summary>Parses a stored or typed name.</summary>
    public static Agent Parse(string name) =>
        TryParse(name, out var agent) ? agent : throw new FormatException($"'{name}' is not an agent (one of {string.Join(", ", All)})");
}
