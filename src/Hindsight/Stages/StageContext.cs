namespace Hindsight.Stages;

/// <summary>
/// What is fixed for one run of the pipeline and shared by its stages: the run's id, its options, the warehouse, where
/// progress goes, and the price table. Nothing here is set by a stage: what one stage hands another goes through the
/// warehouse or a typed value that the pipeline passes (<see cref="Discover.DiscoveryHandOff"/>), and what a stage
/// decides about the run comes back in its <see cref="Runs.StageOutcome"/>.
/// </summary>
public sealed class StageContext
{
    private readonly Lazy<Pricing.PriceTable> _prices;

    // Loaded on first use, by then the object initializer has set the required Options.
    public StageContext() => _prices = new Lazy<Pricing.PriceTable>(() => Pricing.PriceTable.Load(Options!.PriceOverrideFile));

    public required Guid RunId { get; init; }
    public required PipelineOptions Options { get; init; }
    /// <summary>Null only in a dry run on a database that does not exist yet.</summary>
    public Warehouse.Warehouse? Warehouse { get; init; }
    public IPipelineProgress Progress { get; init; } = SilentProgress.Instance;

    /// <summary>The price table (shipped, or with --prices), read once per run: stages 2 and 4 both price calls.</summary>
    public Pricing.PriceTable Prices => _prices.Value;

    public Warehouse.Warehouse RequireWarehouse() =>
        Warehouse ?? throw new InvalidOperationException("This stage needs the warehouse, which a dry run on a new database does not open.");
}
