namespace Hindsight.Tests.Support;

/// <summary>One warehouse built from the team's fixtures up to stage 3, shared by the tests of a class.</summary>
public sealed class IdentityFixtureCorpus : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public string Db => _dir.Combine("h.duckdb");

    public CliResult Run { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Run = await IdentityPipeline.RunAsync(RepositoryPaths.FixtureProjects, Db);

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
