namespace Hindsight.Testing;

/// <summary>Finds the repository root (the folder with Hindsight.slnx) and what lies beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    public static string FixtureProjects => Path.Combine(Fixtures, "projects");

    /// <summary>../shared/transcripts beside the repository, or null on a fresh clone without it.</summary>
    public static string? SharedTranscripts
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "transcripts"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The shared transcripts folder, or a visible skip when this clone has none beside it.</summary>
    public static string RequireSharedTranscripts()
    {
        var path = SharedTranscripts;
        if (path is null)
            Assert.Skip("../shared/transcripts is not beside this clone; the real-transcript tests need it (tests/fixtures still cover every record type).");
        return path;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hindsight.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Hindsight.slnx) above " + AppContext.BaseDirectory);
    }
}
