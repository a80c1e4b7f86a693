namespace Hindsight.Sources.Codex;

/// <summary>The layout of a Codex home folder (<c>$CODEX_HOME</c>, <c>~/.codex</c>).</summary>
public static class CodexHome
{
    public const string EnvironmentVariable = "CODEX_HOME";
    /// <summary>Live and recent rollouts, by date: <c>sessions/YYYY/MM/DD/rollout-*.jsonl</c>.</summary>
    public const string Sessions = "sessions";
    /// <summary>Rollouts the user archived (flat); a copy also under sessions/ is the one read.</summary>
    public const string ArchivedSessions = "archived_sessions";
    /// <summary>Codex's settings; <c>service_tier</c> there decides the price tier (<see cref="CodexServiceTier"/>).</summary>
    public const string ConfigFile = "config.toml";
}
