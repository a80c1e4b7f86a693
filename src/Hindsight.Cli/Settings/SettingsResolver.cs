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

        var manifest = manifestArgument is { Length: > 0 }
            ? new SettingValue<string>(Path.GetFullPath(manifestArgument), "--manifest")
            : new SettingValue<string>(Path.Combine(Path.GetDirectoryName(database.Value)!, "manifest.json"), "beside the database");

        var candidates = SourceCandidates();
        SettingValue<IReadOnlyList<string>> sources = sourceArguments is { Count: > 0 }
            ? new(sourceArguments.Select(Path.GetFullPath).ToList(), "--source")
            : new(candidates.Where(Directory.Exists).ToList(), "default folders that exist");
        return new ResolvedSettings(database, manifest, sources, candidates);
    }

    /// <summary>Where Claude Code keeps transcripts: $CLAUDE_CONFIG_DIR (comma-separated), ~/.claude, ~/.config/claude.</summary>
    public IReadOnlyList<string> SourceCandidates()
    {
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var list = new List<string>();
        if (environment("CLAUDE_CONFIG_DIR") is { Length: > 0 } configDirs)
        {
            foreach (var dir in configDirs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                list.Add(Path.Combine(Path.GetFullPath(dir), "projects"));
        }
        list.Add(Path.Combine(home, ".claude", "projects"));
        list.Add(Path.Combine(home, ".config", "claude", "projects"));
        return list.Distinct(StringComparer.Ordinal).ToList();
    }

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
