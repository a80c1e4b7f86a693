using Hindsight.Sources;

namespace Hindsight.Cli.Settings;

/// <summary>Applies the documented precedence to the database path, manifest path and source folders.</summary>
public sealed class SettingsResolver(Func<string, string?> environment)
{
    public ResolvedSettings Resolve(string? dbArgument, string? manifestArgument, IReadOnlyList<string>? sourceArguments)
    {
        var database = dbArgument is { Length: > 0 }
            ? new SettingValue<string>(Path.GetFullPath(dbArgument), "--db")
            : environment("HINDSIGHT_DB") is { Length: > 0 } fromEnv
                ? new SettingValue<string>(Path.GetFullPath(fromEnv), "HINDSIGHT_DB")
                : new SettingValue<string>(Path.Combine(DataHome(out var origin), "hindsight", "hindsight.duckdb"), origin);

        // Named after its database, so two warehouses in one folder never share (and overwrite) one manifest.
        var manifest = manifestArgument is { Length: > 0 }
            ? new SettingValue<string>(Path.GetFullPath(manifestArgument), "--manifest")
            : new SettingValue<string>(DefaultManifestPath(database.Value), "beside the database, named after it");

        var candidates = SourceCandidates();
        var agentCandidates = TranscriptSources.All.Where(s => s.Agent != Agent.ClaudeCode).SelectMany(s => s.DefaultFolders(environment)).ToList();
        var notices = new List<string>();
        var (claudeArguments, agentArguments) = SourceArgument.Split(sourceArguments ?? []);
        SettingValue<IReadOnlyList<string>> sources = sourceArguments is { Count: > 0 }
            ? new(claudeArguments.Select(a => SourceFolder(Path.GetFullPath(a), notices)).ToList(), notices.Count == 0 ? "--source" : "--source (a Claude config folder's projects/)")
            : new(candidates.Where(Directory.Exists).ToList(), "default folders that exist");
        SettingValue<IReadOnlyList<SourceFolder>> agentSources = sourceArguments is { Count: > 0 }
            ? new(agentArguments, "--source agent=DIR")
            : new(agentCandidates.Where(f => Directory.Exists(f.Path)).ToList(), "default folders that exist");
        return new ResolvedSettings(database, manifest, sources, candidates)
        {
            Notices = notices, AgentSources = agentSources, AgentCandidates = agentCandidates,
        };
    }

    /// <summary>`&lt;db-name&gt;.manifest.json` beside the database: hindsight.duckdb's is hindsight.manifest.json.</summary>
    public static string DefaultManifestPath(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(databasePath)!, Path.GetFileNameWithoutExtension(databasePath) + ".manifest.json");

    /// <summary>
    /// A Claude config folder (~/.claude, what ccusage's CLAUDE_CONFIG_DIR names) holds its transcripts in projects/:
    /// taken whole, every project would become one project named "projects" and folder names would pass for sessions.
    /// Such a folder is recognised by its projects/ folder, and its projects/ is used, saying so.
    /// </summary>
    private static string SourceFolder(string folder, List<string> notices)
    {
        var projects = Path.Combine(folder, "projects");
        if (!Directory.Exists(projects) || Path.GetFileName(folder) == "projects") return folder;
        notices.Add($"{folder} is a Claude config folder: reading its transcripts from {projects}");
        return projects;
    }

    /// <summary>Where Claude Code keeps transcripts: $CLAUDE_CONFIG_DIR (comma-separated), ~/.claude, ~/.config/claude.</summary>
    public IReadOnlyList<string> SourceCandidates() =>
        TranscriptSources.For(Agent.ClaudeCode).DefaultFolders(environment).Select(f => f.Path).ToList();

    private string DataHome(out string origin)
    {
        if (environment("XDG_DATA_HOME") is { Length: > 0 } xdg)
        {
            origin = "XDG_DATA_HOME";
            return xdg;
        }
        origin = "default (~/.local/share)";
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share");
    }
}
