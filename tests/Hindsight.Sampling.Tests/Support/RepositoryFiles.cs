namespace Hindsight.Sampling.Tests.Support;

/// <summary>Files of the repository the tests read in place (the typo table is not embedded yet).</summary>
internal static class RepositoryFiles
{
    public static string TypoTablePath { get; } = Find(Path.Combine("src", "Hindsight.Sampling", "typos.tsv"));

    public static Task<TypoTable> LoadTyposAsync() => TypoTable.LoadFileAsync(TypoTablePath, TestContext.Current.CancellationToken);

    private static string Find(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"No {relativePath} above {AppContext.BaseDirectory}.");
    }
}
