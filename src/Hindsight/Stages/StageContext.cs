using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages;

/// <summary>What one run of the pipeline shares between its stages.</summary>
public sealed class StageContext
{
    public required Guid RunId { get; init; }
    public required PipelineOptions Options { get; init; }
    /// <summary>Null only in a dry run on a database that does not exist yet.</summary>
    public Warehouse.Warehouse? Warehouse { get; init; }
    public IPipelineProgress Progress { get; init; } = SilentProgress.Instance;
    /// <summary>Set by discovery so that extraction does not walk the folders again.</summary>
    public DiscoveryResult? Discovery { get; set; }
    /// <summary>
    /// Set by discovery: a fingerprint of every file's path, root, kind, size and mtime. Extraction skips its planning
    /// when the last successful extraction saw the same.
    /// </summary>
    public string? InventorySignature { get; set; }
    /// <summary>
    /// Set by the pipeline when extraction runs later in the same run: discovery then leaves the reading of changed
    /// files to extraction's pass (which profiles them as it extracts) and decides after it.
    /// </summary>
    public bool ExtractionFollows { get; set; }
    /// <summary>Set by discovery when its decision waits on extraction's pass; cleared when it is decided.</summary>
    public Discover.PendingDiscovery? PendingDiscovery { get; set; }
    /// <summary>Set by a stage that decides the run must not go on (discovery's NO-GO).</summary>
    public string? HaltReason { get; set; }
    /// <summary>Set by a stage that lets the run go on against its own advice (discovery's NO-GO with --force); recorded with the run.</summary>
    public string? RunWarning { get; set; }

    private Pricing.PriceTable? _prices;

    /// <summary>The price table (shipped, or with --prices), read once per run: stages 2 and 4 both price calls.</summary>
    public Pricing.PriceTable Prices => _prices ??= Pricing.PriceTable.Load(Options.PriceOverrideFile);

    public Warehouse.Warehouse RequireWarehouse() =>
        Warehouse ?? throw new InvalidOperationException("This stage needs the warehouse, which a dry run on a new database does not open.");
}
