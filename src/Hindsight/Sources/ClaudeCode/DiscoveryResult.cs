namespace Hindsight.Sources.ClaudeCode;

/// <summary>Every file found, plus the problems met while walking (unreadable folders, link loops).</summary>
public sealed record DiscoveryResult(IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<string> Warnings, IReadOnlyList<string> Roots);
