using System.CommandLine;

namespace Hindsight.Cli;

/// <summary>
/// Options shared by the commands (recursive, so a command's subcommands take them too); each command lists only
/// those it uses.
/// </summary>
public sealed class CommonOptions
{
    public Option<string[]> Source { get; } = new("--source")
    {
        Description = "A folder of transcripts (repeatable). Default: every existing one of $CLAUDE_CONFIG_DIR/projects (comma-separated list allowed), ~/.claude/projects, ~/.config/claude/projects.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "DIR",
    };
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "The warehouse file. Default: $HINDSIGHT_DB, else $XDG_DATA_HOME/hindsight/hindsight.duckdb, else ~/.local/share/hindsight/hindsight.duckdb.",
        Recursive = true,
        HelpName = "PATH",
    };
    public Option<string?> Manifest { get; } = new("--manifest")
    {
        Description = "Where discovery writes its manifest. Default: <database name>.manifest.json beside the database. A file there that Hindsight did not write is never replaced.",
        Recursive = true,
        HelpName = "PATH",
    };
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Read and report; write nothing.", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON on standard output.", Recursive = true };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print nothing but errors (and the result asked for with --json).", Recursive = true };
    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Rows per write transaction.",
        DefaultValueFactory = _ => 1000,
        Recursive = true,
        HelpName = "N",
        Validators = { result => AtLeast(result, "--batch-size", 1) },
    };
    public Option<string> MemoryLimit { get; } = new("--memory-limit")
    {
        Description = $"DuckDB's memory limit, e.g. 256MB or 2GB (at least {Settings.MemorySize.MinimumText}).",
        DefaultValueFactory = _ => Warehouse.WarehouseOptions.DefaultMemoryLimit,
        Recursive = true,
        HelpName = "SIZE",
        Validators =
        {
            result =>
            {
                var text = result.GetValueOrDefault<string>();
                if (!Settings.MemorySize.TryParse(text, out var bytes))
                    result.AddError($"--memory-limit must be a size such as 256MB or 2GB, not '{text}'.");
                else if (bytes < Settings.MemorySize.MinimumBytes)
                    result.AddError($"--memory-limit must be at least {Settings.MemorySize.MinimumText}, not '{text}'.");
            },
        },
    };
    public Option<double> Wait { get; } = new("--wait")
    {
        Description = "Seconds to wait for another hindsight process to release the database (default: stop at once; report, query and runs wait 5 s).",
        Recursive = true,
        HelpName = "SECONDS",
        Validators =
        {
            result =>
            {
                double value = result.GetValueOrDefault<double>();
                if (value < 0 || !double.IsFinite(value)) result.AddError($"--wait must be 0 or more seconds, not {value}.");
            },
        },
    };
    /// <summary>A dead letter keeps the first 64 KiB of its line, so a smaller cap would keep lines it calls too long whole.</summary>
    public const int MinMaxLineBytes = 64 * 1024;
    public Option<int> MaxLineBytes { get; } = new("--max-line-bytes")
    {
        Description = $"Longest line stored (at least {MinMaxLineBytes}); a longer one becomes a dead letter with its first 64 KiB, length and hash.",
        DefaultValueFactory = _ => Sources.ClaudeCode.JsonlLineReader.DefaultMaxLineBytes,
        Recursive = true,
        HelpName = "N",
        Validators = { result => AtLeast(result, "--max-line-bytes", MinMaxLineBytes) },
    };

    public Option<int> IdHexLength { get; } = new("--id-hex-length")
    {
        Description = "Stage 3: hex characters kept of each entity id's SHA-256 (1-64, default 32). For tests only: a small value such as 1 forces id collisions, which the identity gate refuses; a warehouse keeps the length its ids were first written with.",
        DefaultValueFactory = _ => Stages.Identify.EntityKeys.DefaultIdHexLength,
        Recursive = true,
        HelpName = "N",
        // For tests only: not listed in help.
        Hidden = true,
        Validators =
        {
            result =>
            {
                int value = result.GetValueOrDefault<int>();
                if (value is < 1 or > Stages.Identify.EntityKeys.MaxIdHexLength)
                    result.AddError($"--id-hex-length must be between 1 and {Stages.Identify.EntityKeys.MaxIdHexLength}, not {value}.");
            },
        },
    };

    public Option<string?> Prices { get; } = new("--prices")
    {
        Description = "A price file merged over the shipped table (same format as src/Hindsight/Pricing/prices.json); used for API-call costs and correction costs.",
        Recursive = true,
        HelpName = "FILE",
    };

    /// <summary>A usage error (exit 2, one line) for a whole number under <paramref name="minimum"/>.</summary>
    public static void AtLeast(System.CommandLine.Parsing.OptionResult result, string name, int minimum)
    {
        int value = result.GetValueOrDefault<int>();
        if (value < minimum) result.AddError($"{name} must be at least {minimum}, not {value}.");
    }

    /// <summary>What the commands that only read the warehouse (runs, query, report) use.</summary>
    public IEnumerable<Option> Reading => [Db, Json, Quiet, MemoryLimit, Wait];

    /// <summary>
    /// Adds to <paramref name="command"/> only the options it uses, so its help lists nothing it would ignore.
    /// A command added without any is given every one (see <see cref="HindsightApp"/>).
    /// </summary>
    public static void AddTo(System.CommandLine.Command command, IEnumerable<Option> options)
    {
        foreach (var option in options)
            if (!command.Options.Contains(option)) command.Options.Add(option);
    }

    public IEnumerable<Option> All => [Source, Db, Manifest, DryRun, Json, Quiet, BatchSize, MemoryLimit, Wait, MaxLineBytes, IdHexLength, Prices];
}
