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
}
