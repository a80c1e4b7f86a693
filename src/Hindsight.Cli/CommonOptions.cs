using System.CommandLine;

namespace Hindsight.Cli;

/// <summary>Options every command understands (System.CommandLine recursive options).</summary>
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
        Description = "Where discovery writes its manifest. Default: manifest.json beside the database.",
        Recursive = true,
        HelpName = "PATH",
    };
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Read and report; write nothing.", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON on standard output.", Recursive = true };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress output.", Recursive = true };
    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Rows per write transaction.",
        DefaultValueFactory = _ => 1000,
        Recursive = true,
    };
    public Option<string> MemoryLimit { get; } = new("--memory-limit")
    {
        Description = "DuckDB's memory limit, e.g. 256MB or 2GB.",
        DefaultValueFactory = _ => "1GB",
        Recursive = true,
    };
    public Option<double> Wait { get; } = new("--wait")
    {
        Description = "Seconds to wait for another hindsight process to release the database (default: stop at once).",
        Recursive = true,
        HelpName = "SECONDS",
    };
    public Option<int> MaxLineBytes { get; } = new("--max-line-bytes")
    {
        Description = "Longest line stored; a longer one becomes a dead letter with its first 64 KiB, length and hash.",
        DefaultValueFactory = _ => Sources.ClaudeCode.JsonlLineReader.DefaultMaxLineBytes,
        Recursive = true,
    };

    public Option<int> IdHexLength { get; } = new("--id-hex-length")
    {
        Description = "Stage 3: hex characters kept of each entity id's SHA-256 (1-64, default 32). For tests only: a small value such as 1 forces id collisions, which the identity gate refuses; a warehouse keeps the length its ids were first written with.",
        DefaultValueFactory = _ => Stages.Identity.EntityKeys.DefaultIdHexLength,
        Recursive = true,
        HelpName = "N",
        Validators =
        {
            result =>
            {
                int value = result.GetValueOrDefault<int>();
                if (value is < 1 or > Stages.Identity.EntityKeys.MaxIdHexLength)
                    result.AddError($"--id-hex-length must be between 1 and {Stages.Identity.EntityKeys.MaxIdHexLength}, not {value}.");
            },
        },
    };

    public Option<string?> Prices { get; } = new("--prices")
    {
        Description = "A price file merged over the shipped table (same format as src/Hindsight/Pricing/prices.json); used for API-call costs and correction costs.",
        Recursive = true,
        HelpName = "FILE",
    };

    public IEnumerable<Option> All => [Source, Db, Manifest, DryRun, Json, Quiet, BatchSize, MemoryLimit, Wait, MaxLineBytes, IdHexLength, Prices];
}
