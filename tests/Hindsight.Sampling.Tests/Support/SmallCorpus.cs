namespace Hindsight.Sampling.Tests.Support;

/// <summary>
/// One small corpus (about 25 MB, a 4 MB giant file included) generated once for the whole test assembly, with an
/// independent recount of its files and its truth file read back.
/// </summary>
public sealed class SmallCorpus : IAsyncLifetime
{
    public static readonly CorpusSpec Spec = new()
    {
        Files = 120,
        TargetLines = 9_000,
        TargetBytes = 24_000_000,
        GiantFileBytes = 4_000_000,
        Seed = 11,
    };

    private readonly TempDirectory _folder = new();

    public string Root => _folder.Path;

    public CorpusSummary Summary { get; private set; } = null!;

    public CorpusSummary SummaryFromDisk { get; private set; } = null!;

    internal CorpusRecount Recount { get; private set; } = null!;

    public IReadOnlyList<TruthRecord> Truth { get; private set; } = [];

    public TypoTable Typos { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Typos = await TypoTable.LoadFileAsync(RepositoryFiles.TypoTablePath, CancellationToken.None);
        Summary = await CorpusGenerator.GenerateAsync(Spec, Root, Typos, progress: null, CancellationToken.None);
        SummaryFromDisk = await CorpusSummary.ReadAsync(Root, CancellationToken.None);
        Recount = await CorpusRecount.ReadAsync(Root, CancellationToken.None);
        Truth = await TruthFile.ReadAsync(Root, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
