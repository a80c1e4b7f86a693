namespace Hindsight.Cli.Settings;

/// <summary>
/// Paths and sources after precedence is applied: command-line argument, then environment, then
/// the platform default.
/// </summary>
public sealed record ResolvedSettings(
    SettingValue<string> Database,
    SettingValue<string> Manifest,
    SettingValue<IReadOnlyList<string>> Sources,
    IReadOnlyList<string> SourceCandidates);
