using System.Text;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;
using Hindsight.Stages.Extract;

namespace Hindsight.Tests.Stages.Extract;

/// <summary>
/// Stage 1's plan for one file, by the state of the file against what the warehouse remembers of it: skip it, read its
/// appended tail, or re-read it whole. Real files in a temp folder; the remembered state is what extraction stores
/// (the ingested offset and lines, size and mtime, and block fingerprints of the ingested range).
/// </summary>
public sealed class IngestPlannerTests : IDisposable
{
    private static readonly DateTimeOffset Then = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Then.AddMinutes(5);
    private const string ThreeLines = "{\"type\":\"user\",\"n\":1}\n{\"type\":\"user\",\"n\":2}\n{\"type\":\"user\",\"n\":3}\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DiscoveredFile Write(string content, DateTimeOffset mtime)
    {
        var path = _dir.Write("projects/-p/s.jsonl", content);
        File.SetLastWriteTimeUtc(path, mtime.UtcDateTime);
        return new DiscoveredFile("file-1", path, _dir.Combine("projects"), "-p/s.jsonl", "-p", TranscriptFileKind.MainSession,
            new FileInfo(path).Length, mtime);
    }

    /// <summary>What extraction remembers after reading <paramref name="ingested"/> (whole lines) of a file of <paramref name="size"/> bytes.</summary>
    private static StoredFileState Ingested(string ingested, long size, DateTimeOffset mtime, int generation = 2) =>
        new("file-1", size, mtime, size, mtime, null, size, mtime, Encoding.UTF8.GetByteCount(ingested), ingested.Count(c => c == '\n'), null, null, generation);

    /// <summary>The block fingerprints extraction stores for the ingested range.</summary>
    private static Func<Task<IReadOnlyList<BlockFingerprint>>> BlocksOf(string ingested)
    {
        var fingerprinter = new BlockFingerprinter();
        fingerprinter.Append(Encoding.UTF8.GetBytes(ingested));
        IReadOnlyList<BlockFingerprint> blocks = fingerprinter.Drain();
        return () => Task.FromResult(blocks);
    }

    private static Func<Task<IReadOnlyList<BlockFingerprint>>> NotRead =>
        () => throw new InvalidOperationException("the stored blocks must not be read for this plan");

    private static Task<FileIngestPlan> PlanAsync(DiscoveredFile file, StoredFileState? state, Func<Task<IReadOnlyList<BlockFingerprint>>> blocks) =>
        IngestPlanner.PlanAsync(file, state, blocks, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_file_never_seen_is_read_from_its_first_byte()
    {
        var plan = await PlanAsync(Write(ThreeLines, Then), null, NotRead);

        Assert.Equal((IngestMode.Append, 0L, 1L, 0, "new file"), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation, plan.Reason));
        Assert.Null(plan.Blocks);
    }

    [Fact]
    public async Task A_file_discovered_but_never_ingested_is_read_from_its_first_byte_in_its_generation()
    {
        var state = new StoredFileState("file-1", 60, Then, 60, Then, null, null, null, 0, 0, null, null, 3);

        var plan = await PlanAsync(Write(ThreeLines, Then), state, NotRead);

        Assert.Equal((IngestMode.Append, 0L, 1L, 3, "new file"), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation, plan.Reason));
    }

    [Fact]
    public async Task A_file_whose_size_and_mtime_are_those_ingested_is_not_read()
    {
        var file = Write(ThreeLines, Then);

        var plan = await PlanAsync(file, Ingested(ThreeLines, file.SizeBytes, Then), NotRead);

        Assert.Equal((IngestMode.Unchanged, file.SizeBytes, 4L, 2), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation));
    }

    [Fact]
    public async Task A_file_that_grew_with_its_ingested_range_intact_is_read_from_where_the_last_run_stopped()
    {
        const string twoLines = "{\"type\":\"user\",\"n\":1}\n{\"type\":\"user\",\"n\":2}\n";
        var file = Write(ThreeLines, Later);

        var plan = await PlanAsync(file, Ingested(twoLines, twoLines.Length, Then), BlocksOf(twoLines));

        Assert.Equal((IngestMode.Append, (long)twoLines.Length, 3L, 2, "grew"), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation, plan.Reason));
        Assert.Equal(twoLines.Length, plan.Blocks!.Offset);
    }

    [Fact]
    public async Task A_file_touched_without_a_change_of_bytes_is_read_on_from_its_ingested_offset_not_again()
    {
        var file = Write(ThreeLines, Later);

        var plan = await PlanAsync(file, Ingested(ThreeLines, file.SizeBytes, Then), BlocksOf(ThreeLines));

        Assert.Equal((IngestMode.Append, file.SizeBytes, 4L), (plan.Mode, plan.StartOffset, plan.StartLine));
    }

    [Fact]
    public async Task A_same_size_rewrite_with_a_new_mtime_is_caught_by_the_block_fingerprints_and_read_again_whole()
    {
        var rewritten = ThreeLines.Replace("\"n\":2", "\"n\":7", StringComparison.Ordinal);
        var file = Write(rewritten, Later);

        var plan = await PlanAsync(file, Ingested(ThreeLines, ThreeLines.Length, Then), BlocksOf(ThreeLines));

        Assert.Equal(file.SizeBytes, ThreeLines.Length);
        Assert.Equal((IngestMode.Replace, 0L, 1L, 3, "ingested range changed"), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation, plan.Reason));
    }

    [Fact]
    public async Task A_rewrite_that_keeps_both_size_and_mtime_is_not_looked_for()
    {
        var file = Write(ThreeLines.Replace("\"n\":2", "\"n\":7", StringComparison.Ordinal), Then);

        var plan = await PlanAsync(file, Ingested(ThreeLines, ThreeLines.Length, Then), NotRead);

        Assert.Equal(IngestMode.Unchanged, plan.Mode);
    }

    [Fact]
    public async Task A_file_shorter_than_its_ingested_range_is_read_again_whole_in_a_new_generation()
    {
        const string oneLine = "{\"type\":\"user\",\"n\":1}\n";
        var file = Write(oneLine, Later);

        var plan = await PlanAsync(file, Ingested(ThreeLines, ThreeLines.Length, Then), NotRead);

        Assert.Equal((IngestMode.Replace, 0L, 1L, 3), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation));
        Assert.Equal($"shrank from {ThreeLines.Length} to {oneLine.Length} bytes", plan.Reason);
    }

    [Fact]
    public async Task A_file_whose_grown_bytes_come_with_a_change_before_them_is_read_again_whole()
    {
        const string twoLines = "{\"type\":\"user\",\"n\":1}\n{\"type\":\"user\",\"n\":2}\n";
        var file = Write(ThreeLines.Replace("\"n\":1", "\"n\":9", StringComparison.Ordinal), Later);

        var plan = await PlanAsync(file, Ingested(twoLines, twoLines.Length, Then), BlocksOf(twoLines));

        Assert.Equal((IngestMode.Replace, 0L, "ingested range changed"), (plan.Mode, plan.StartOffset, plan.Reason));
    }

    [Fact]
    public async Task A_partial_last_line_left_unread_is_not_read_until_the_file_changes_and_then_from_its_start()
    {
        const string complete = "{\"type\":\"user\",\"n\":1}\n";
        const string partial = complete + "{\"type\":\"user\",\"n";
        var cut = Write(partial, Then);
        // The last run stopped at the end of the last whole line; the file's size includes the partial tail.
        var state = Ingested(complete, cut.SizeBytes, Then);

        var waiting = await PlanAsync(cut, state, NotRead);
        var completed = await PlanAsync(Write(partial + "\":2}\n", Later), state, BlocksOf(complete));

        Assert.Equal((IngestMode.Unchanged, (long)complete.Length, 2L), (waiting.Mode, waiting.StartOffset, waiting.StartLine));
        Assert.Equal((IngestMode.Append, (long)complete.Length, 2L), (completed.Mode, completed.StartOffset, completed.StartLine));
    }

    [Fact]
    public async Task A_file_ingested_empty_that_has_grown_is_read_from_its_first_byte_without_verification()
    {
        var state = new StoredFileState("file-1", 0, Then, 0, Then, null, 0, Then, 0, 0, null, null, 1);

        var plan = await PlanAsync(Write(ThreeLines, Later), state, NotRead);

        Assert.Equal((IngestMode.Append, 0L, 1L, 1, "nothing ingested yet"), (plan.Mode, plan.StartOffset, plan.StartLine, plan.Generation, plan.Reason));
    }

    [Fact]
    public async Task Stored_blocks_that_do_not_cover_the_ingested_range_exactly_mean_a_whole_re_read()
    {
        const string twoLines = "{\"type\":\"user\",\"n\":1}\n{\"type\":\"user\",\"n\":2}\n";
        var file = Write(ThreeLines, Later);

        // Blocks of one line stored for an ingested range of two: they cannot vouch for the second.
        var plan = await PlanAsync(file, Ingested(twoLines, twoLines.Length, Then), BlocksOf("{\"type\":\"user\",\"n\":1}\n"));

        Assert.Equal(IngestMode.Replace, plan.Mode);
    }

    [Fact]
    public async Task A_file_ingested_before_block_fingerprints_is_judged_by_its_prefix_fingerprints()
    {
        const string twoLines = "{\"type\":\"user\",\"n\":1}\n{\"type\":\"user\",\"n\":2}\n";
        var original = Write(twoLines, Then);
        var (head, boundary) = await PrefixFingerprint.ComputeAsync(original.Path, twoLines.Length, TestContext.Current.CancellationToken);
        var legacy = Ingested(twoLines, twoLines.Length, Then) with { HeadSha256 = head, BoundarySha256 = boundary };
        IReadOnlyList<BlockFingerprint> none = [];

        var grown = await PlanAsync(Write(ThreeLines, Later), legacy, () => Task.FromResult(none));
        var rewritten = await PlanAsync(Write(ThreeLines.Replace("\"n\":1", "\"n\":9", StringComparison.Ordinal), Later), legacy, () => Task.FromResult(none));

        Assert.Equal((IngestMode.Append, (long)twoLines.Length), (grown.Mode, grown.StartOffset));
        Assert.Equal(twoLines.Length, grown.Blocks!.Offset);
        Assert.Equal(IngestMode.Replace, rewritten.Mode);
    }
}
