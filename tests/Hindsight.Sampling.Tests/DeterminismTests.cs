using System.Collections.Concurrent;
using Hindsight.Sampling.Tests.Support;

namespace Hindsight.Sampling.Tests;

public sealed class DeterminismTests
{
    private static readonly CorpusSpec Spec = CorpusSpec.FileScale(40, seed: 5);

    [Fact]
    public async Task The_same_spec_and_seed_give_byte_identical_corpora()
    {
        using var folder = new TempDirectory();
        var typos = await RepositoryFiles.LoadTyposAsync();
        var cancellationToken = TestContext.Current.CancellationToken;

        await CorpusGenerator.GenerateAsync(Spec, folder.Combine("first"), typos, progress: null, cancellationToken);
        await CorpusGenerator.GenerateAsync(Spec, folder.Combine("second"), typos, progress: null, cancellationToken);

        var first = await SnapshotAsync(folder.Combine("first"));
        var second = await SnapshotAsync(folder.Combine("second"));
        Assert.True(first.Count > 40, $"expected more than 40 files, found {first.Count}");
        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(second[pair.Key]), $"{pair.Key} differs between the two runs"));
    }

    [Fact]
    public async Task Another_seed_gives_another_corpus()
    {
        using var folder = new TempDirectory();
        var typos = await RepositoryFiles.LoadTyposAsync();
        var cancellationToken = TestContext.Current.CancellationToken;

        await CorpusGenerator.GenerateAsync(Spec, folder.Combine("a"), typos, progress: null, cancellationToken);
        await CorpusGenerator.GenerateAsync(Spec with { Seed = 6 }, folder.Combine("b"), typos, progress: null, cancellationToken);

        var a = await SnapshotAsync(folder.Combine("a"));
        var b = await SnapshotAsync(folder.Combine("b"));
        Assert.DoesNotContain(a.Keys.Intersect(b.Keys), key => key.StartsWith("projects/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Progress_is_reported_for_every_file()
    {
        using var folder = new TempDirectory();
        var reports = new ConcurrentBag<CorpusProgress>();

        var summary = await CorpusGenerator.GenerateAsync(Spec, folder.Path, await RepositoryFiles.LoadTyposAsync(), new Collect(reports), TestContext.Current.CancellationToken);

        Assert.Equal(summary.Files, reports.Count);
        Assert.Equal(summary.Files, reports.Max(r => r.FilesDone));
        Assert.Equal(summary.Lines, reports.Max(r => r.LinesWritten));
        Assert.All(reports, r => Assert.Equal(summary.Files, r.FilesTotal));
    }

    [Fact]
    public async Task A_folder_that_already_holds_a_corpus_is_refused()
    {
        using var folder = new TempDirectory();
        var typos = await RepositoryFiles.LoadTyposAsync();
        await CorpusGenerator.GenerateAsync(Spec, folder.Path, typos, progress: null, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<IOException>(() =>
            CorpusGenerator.GenerateAsync(Spec, folder.Path, typos, progress: null, TestContext.Current.CancellationToken));

        Assert.Contains("already holds a corpus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_the_generation()
    {
        using var folder = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CorpusGenerator.GenerateAsync(Spec, folder.Path, TypoTable.Parse("teh\tthe\n"), progress: null, cancellation.Token));

        Assert.False(File.Exists(Path.Combine(folder.Path, CorpusSummary.FileName)));
    }

    private static async Task<SortedDictionary<string, byte[]>> SnapshotAsync(string root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/')] =
                await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        }
        return files;
    }

    private sealed class Collect(ConcurrentBag<CorpusProgress> reports) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) => reports.Add(value);
    }
}
