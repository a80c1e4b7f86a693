namespace Hindsight.Sampling;

/// <summary>
/// The agents a corpus holds sessions of (<c>hindsight sample --agents claude,codex,gemini</c>). Claude Code's corpus is
/// the base and is always written; Codex and Gemini CLI sessions are added beside it, each under its own home.
/// </summary>
public sealed record SampleAgents(bool Codex, bool Gemini)
{
    public static SampleAgents ClaudeOnly { get; } = new(false, false);

    /// <summary>The names <c>--agents</c> takes (the product's agent names are accepted too).</summary>
    public static IReadOnlyList<string> Names { get; } = ["claude", "codex", "gemini"];

    /// <summary>Where each agent's files go under the corpus folder, as the agent lays out its own home.</summary>
    public const string CodexHome = ".codex";
    public const string GeminiDataDir = ".gemini/tmp";

    /// <summary>A comma-separated list; an unknown name throws <see cref="ArgumentException"/>.</summary>
    public static SampleAgents Parse(string list)
    {
        bool codex = false, gemini = false;
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (name)
            {
                case "claude" or "claude_code": break;
                case "codex": codex = true; break;
                case "gemini" or "gemini_cli": gemini = true; break;
                default: throw new ArgumentException($"--agents: '{name}' is not an agent the sample writes (one of {string.Join(", ", Names)})");
            }
        }
        return new SampleAgents(codex, gemini);
    }
}
