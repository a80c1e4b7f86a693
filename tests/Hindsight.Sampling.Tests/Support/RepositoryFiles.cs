namespace Hindsight.Sampling.Tests.Support;

/// <summary>Files of the repository the tests read in place.</summary>
internal static class RepositoryFiles
{
    public static string TypoTablePath { get; } = Path.Combine(RepositoryPaths.Root, "src", "Hindsight.Sampling", "typos.tsv");

    public static Task<TypoTable> LoadTyposAsync() => TypoTable.LoadFileAsync(TypoTablePath, TestContext.Current.CancellationToken);
}
