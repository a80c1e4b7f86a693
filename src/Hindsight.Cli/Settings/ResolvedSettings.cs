using Hindsight.Sources;

namespace Hindsight.Cli.Settings;

/// <summary>
/// Paths and sources after precedence is applied: command-line argument, then environment, then
/// the platform default.
/// </summary>
public sealed record ResolvedSettings(
    SettingValue<string> Database,
    SettingValue<string> Manifest,
    SettingValue<IReadOnlyList<string>> Sources,
    IReadOnlyList<string> SourceCandidates)
{
    /// <summary>What the resolution changed from what was typed, said once before a run (a Claude config folder given as a source).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>
    /// The other agents' folders (Codex, ...): <c>--source agent=DIR</c>, else each agent's default folders that exist.
    /// <see cref="Sources"/> stays Claude Code's, as plain <c>--source DIR</c> has always meant.
    /// </summary>
    public SettingValue<IReadOnlyList<SourceFolder>> AgentSources { get; init; } = new([], "none");

    /// <summary>Every other agent's default folders in precedence order, existing or not, with their origins.</summary>
    public IReadOnlyList<SourceFolder> AgentCandidates { get; init; } = [];
}
