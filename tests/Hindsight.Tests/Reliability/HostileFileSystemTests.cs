using System.Diagnostics;
using System.Text;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Hostile files rather than hostile lines: links that loop or dangle, a folder named x.jsonl, a named
/// pipe and a device behind .jsonl names, files and folders that cannot be read, and files deleted,
/// grown or truncated between discovery and extraction or while they are read.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HostileFileSystemTests
{
    private const string Project = "-home-dev-fs";

    private static string[] Run(string projects, string db, params string[] extra) =>
        ["run", "--source", projects, "--db", db, "--provider", "none", .. extra];

    [Fact]
    public async Task Links_that_loop_or_dangle_a_folder_named_jsonl_a_pipe_and_a_device_end_in_warnings_never_in_a_hang()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("named pipes, /dev/zero and symbolic links as used here are Linux file-system features");
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 6, Project);
        var folder = dir.Combine("projects", Project);
        File.CreateSymbolicLink(Path.Combine(folder, "loop-a.jsonl"), "loop-b.jsonl");
        File.CreateSymbolicLink(Path.Combine(folder, "loop-b.jsonl"), "loop-a.jsonl");
        File.CreateSymbolicLink(Path.Combine(folder, "self.jsonl"), "self.jsonl");
        File.CreateSymbolicLink(Path.Combine(folder, "dangling.jsonl"), "nowhere.jsonl");
        Directory.CreateSymbolicLink(Path.Combine(folder, "ancestor"), dir.Combine("projects"));
        dir.Write($"projects/{Project}/x.jsonl/inner.jsonl", TranscriptLines.Jsonl(HostileCorpus.Good("inside-a-folder-named-jsonl")));
        dir.Write($"projects/{Project}/[red]markup[/] and spaces.jsonl", TranscriptLines.Jsonl(HostileCorpus.Good("markup-name")));
        File.CreateSymbolicLink(Path.Combine(folder, "zero.jsonl"), "/dev/zero");
        await MakeFifoAsync(Path.Combine(folder, "fifo.jsonl"));
        var db = dir.Combine("h.duckdb");

        var result = await RunChildGuardedAsync(Run(dir.Combine("projects"), db));

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var link in new[] { "loop-a.jsonl", "loop-b.jsonl", "self.jsonl" })
            Assert.Contains($"warning: cannot inspect {Path.Combine(folder, link)}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"warning: skipped {Path.Combine(folder, "dangling.jsonl")}: broken link", result.Output, StringComparison.Ordinal);
        Assert.Contains($"warning: skipped {Path.Combine(folder, "ancestor")}: it links to a folder already walked", result.Output, StringComparison.Ordinal);
        var uuids = (await WarehouseProbe.RowsAsync(db, "SELECT uuid FROM records")).Select(r => (string)r[0]!).ToHashSet();
        Assert.Contains("inside-a-folder-named-jsonl", uuids);
        Assert.Contains("markup-name", uuids);
        Assert.Equal(2 * 6 + 2, uuids.Count);
        // The pipe and the device are listed with size 0 and never opened: nothing stored from them, nothing failed.
        var special = await WarehouseProbe.RowsAsync(db, "SELECT relative_path, size_bytes, ingested_lines, last_ingest_error FROM files WHERE relative_path IN ($a, $b) ORDER BY 1",
            new Dictionary<string, object?> { ["a"] = $"{Project}/fifo.jsonl", ["b"] = $"{Project}/zero.jsonl" });
        Assert.Equal(2, special.Count);
        Assert.All(special, row => Assert.Equal((0L, 0L, (object?)null), ((long)row[1]!, (long)row[2]!, row[3])));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters"));

        var again = await RunChildGuardedAsync(Run(dir.Combine("projects"), db, "--json", "--quiet"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(14L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task An_unreadable_file_and_folder_are_named_the_rest_is_kept_the_exit_code_is_4_and_the_next_run_reads_them()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("permission bits and setpriv are Unix features; this test is written for Linux");
            return;
        }
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 6, Project);
        var locked = dir.Write($"projects/{Project}/locked.jsonl", TranscriptLines.Jsonl(HostileCorpus.Good("locked-1"), HostileCorpus.Good("locked-2")));
        dir.Write($"projects/{Project}/closed/agent-1.jsonl", TranscriptLines.Jsonl(HostileCorpus.Good("closed-1")));
        var closed = dir.Combine("projects", Project, "closed");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        File.SetUnixFileMode(closed, UnixFileMode.None);
        var launcher = PermissionBitsEnforced(locked) ? null : WithoutFileCapabilities();
        var db = dir.Combine("h.duckdb");

        var result = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), launcher, Run(dir.Combine("projects"), db));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains($"unreadable: {locked}:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"warning: cannot read folder {closed}", result.Output, StringComparison.Ordinal);
        Assert.Equal(12L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        Assert.False(string.IsNullOrEmpty(await WarehouseProbe.ScalarAsync<string>(db, "SELECT last_ingest_error FROM files WHERE relative_path LIKE '%locked.jsonl'")));

        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var next = await HindsightCli.RunAsync(Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(15L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM files WHERE last_ingest_error IS NOT NULL"));
    }

    [Fact]
    public async Task A_file_deleted_between_discovery_and_extraction_is_named_and_the_exit_code_is_4()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 6, Project);
        var victim = dir.Write($"projects/{Project}/victim.jsonl", TranscriptLines.Jsonl(HostileCorpus.Good("victim-1")));
        var db = dir.Combine("h.duckdb");

        var result = await HookedRun.RunAsync(_ =>
        {
            File.Delete(victim);
            return Task.CompletedTask;
        }, Run(dir.Combine("projects"), db));

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains($"unreadable: {victim}:", result.Output, StringComparison.Ordinal);
        Assert.Equal(12L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        var next = await HindsightCli.RunAsync(Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(12L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task A_file_grown_between_discovery_and_extraction_ends_with_every_line_stored_exactly_once()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 4, Project);
        var path = dir.Write($"projects/{Project}/growing.jsonl", TranscriptLines.Jsonl(Enumerable.Range(0, 30).Select(i => HostileCorpus.Good($"grow-{i}")).ToArray()));
        var db = dir.Combine("h.duckdb");

        var first = await HookedRun.RunAsync(async ct =>
        {
            // Claude Code appends: 20 more whole lines and half of one more.
            var more = TranscriptLines.Jsonl(Enumerable.Range(30, 20).Select(i => HostileCorpus.Good($"grow-{i}")).ToArray()) + HostileCorpus.Good("grow-50")[..40];
            await File.AppendAllTextAsync(path, more, ct);
        }, Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(first.ExitCode == 0, first.ToString());
        await AssertEveryCompleteLineOnceAsync(db, path);

        await File.AppendAllTextAsync(path, HostileCorpus.Good("grow-50")[40..] + "\n" + HostileCorpus.Good("grow-51") + "\n", TestContext.Current.CancellationToken);
        var second = await HindsightCli.RunAsync(Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(second.ExitCode == 0, second.ToString());
        await AssertEveryCompleteLineOnceAsync(db, path);
        Assert.Equal(52L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records WHERE uuid LIKE 'grow-%'"));
    }

    [Fact]
    public async Task A_file_truncated_between_discovery_and_extraction_ends_with_exactly_the_lines_it_still_has()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 4, Project);
        var path = dir.Write($"projects/{Project}/shrinking.jsonl", TranscriptLines.Jsonl(Enumerable.Range(0, 40).Select(i => HostileCorpus.Good($"shrink-{i}")).ToArray()));
        var db = dir.Combine("h.duckdb");

        var first = await HookedRun.RunAsync(_ =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(file.Length * 2 / 5);
            return Task.CompletedTask;
        }, Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = await HindsightCli.RunAsync(Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(second.ExitCode == 0, second.ToString());

        await AssertEveryCompleteLineOnceAsync(db, path);
    }

    [Fact]
    public async Task A_file_that_grows_while_it_is_read_ends_with_every_line_stored_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 4, Project);
        var path = WriteLargeTranscript(dir, "growing-live.jsonl", "live");
        var db = dir.Combine("h.duckdb");

        using var child = HindsightProcess.Start(new Dictionary<string, string?>(), Run(dir.Combine("projects"), db));
        int appended = 0;
        var appending = Task.Run(async () =>
        {
            // From before the child reads until it exits, append lines in two writes each, as a writer mid-line would leave them.
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            while (!child.HasExited)
            {
                var line = Encoding.UTF8.GetBytes(HostileCorpus.Good($"appended-{appended}") + "\n");
                await file.WriteAsync(line.AsMemory(0, line.Length / 2), ct);
                await file.FlushAsync(ct);
                await file.WriteAsync(line.AsMemory(line.Length / 2), ct);
                await file.FlushAsync(ct);
                appended++;
                await Task.Delay(2, ct);
            }
        }, ct);
        var first = await child.WaitForExitAsync(ct);
        await appending;
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(appended > 0);

        var second = await HindsightCli.RunAsync(Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(second.ExitCode == 0, second.ToString());
        await AssertEveryCompleteLineOnceAsync(db, path);
    }

    [Fact]
    public async Task A_file_truncated_while_it_is_read_ends_with_exactly_the_lines_it_still_has()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 4, Project);
        var path = WriteLargeTranscript(dir, "shrinking-live.jsonl", "cut");
        var db = dir.Combine("h.duckdb");

        using var child = HindsightProcess.Start(new Dictionary<string, string?>(), Run(dir.Combine("projects"), db));
        // Cut to 40% (inside a line) the moment the child says extraction started, from the thread that reads its output.
        var truncated = child.OnErrorLine(line => line == "stage 1 extraction: started", TimeSpan.Zero, () =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            file.SetLength(file.Length * 2 / 5 + 17);
        });
        var first = await child.WaitForExitAsync(ct);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(await truncated, "the file was not truncated while the run was going");

        var second = await HindsightCli.RunAsync(Run(dir.Combine("projects"), db, "--quiet"));
        Assert.True(second.ExitCode == 0, second.ToString());
        await AssertEveryCompleteLineOnceAsync(db, path);
    }

    /// <summary>The file's complete lines are exactly its records, in order, each once, raw byte for byte.</summary>
    private static async Task AssertEveryCompleteLineOnceAsync(string db, string path)
    {
        var (lines, _) = HostileLines.Split(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var stored = await WarehouseProbe.RowsAsync(db,
            "SELECT r.line_no, r.raw FROM records r JOIN files f USING (file_id) WHERE f.path = $path ORDER BY r.line_no",
            new Dictionary<string, object?> { ["path"] = path });
        Assert.Equal(lines.Select(l => l.Number), stored.Select(r => (long)r[0]!));
        Assert.True(lines.Zip(stored).All(p => Encoding.UTF8.GetString(p.First.Bytes) == (string)p.Second[1]!), "a stored line differs from the file's");
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters"));
    }

    /// <summary>
    /// About 20 MB in 5,000 system lines of 4 KB: long enough to be still reading when the test acts, and
    /// few records, none of them prompts, so that the later stages stay quick.
    /// </summary>
    private static string WriteLargeTranscript(TempDirectory dir, string name, string prefix)
    {
        var path = dir.Combine("projects", Project, name);
        var padding = new string('x', 4000);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        for (int i = 0; i < 5_000; i++)
            writer.Write($$"""{"type":"system","subtype":"padding","uuid":"{{prefix}}-{{i}}","sessionId":"00000000-0000-4000-8000-00000000eeee","data":"{{padding}}"}""" + "\n");
        return path;
    }

    /// <summary>Runs the binary; a run that does not end within two minutes has hung, is killed, and fails the test.</summary>
    private static async Task<CliResult> RunChildGuardedAsync(string[] args)
    {
        using var child = HindsightProcess.Start(new Dictionary<string, string?>(), args);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            return await child.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            child.Kill();
            Assert.Fail("the run hung: " + string.Join("\n", child.ErrorLines));
            throw;
        }
    }

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>True when a file with no permission bits cannot be read by this process (not root, or root without CAP_DAC_OVERRIDE).</summary>
    private static bool PermissionBitsEnforced(string path)
    {
        try
        {
            File.ReadAllBytes(path);
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>
    /// As root, permission bits do not stop reads (CAP_DAC_OVERRIDE). setpriv runs the binary as root
    /// without the capabilities that bypass them, so a mode-000 file is unreadable to it, honestly, as to
    /// any user; the binary still owns the temporary folder and the database it writes.
    /// </summary>
    private static string[] WithoutFileCapabilities()
    {
        var setpriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);
        if (setpriv is null)
            Assert.Skip("running as root, where permission bits do not stop reads, and setpriv (util-linux) is not installed to drop CAP_DAC_OVERRIDE");
        return [setpriv, "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", "--"];
    }
}
