using System.Text;

namespace Hindsight.Tests.Stages.Extract;

/// <summary>
/// Change detection for re-runs: a file whose size or mtime changed has its ingested range checked block by block
/// (1 MiB blocks) before only its tail is read; any changed byte re-reads the file whole.
/// </summary>
public sealed class ChangeDetectionTests
{
    private const string Session = "11111111-1111-4111-8111-111111111111";
    private const string Secret = "Tr0ub4dor-and-3-correct-horse-battery";

    private static Task<CliResult> RunAsync(TempDirectory dir, params string[] extra) =>
        HindsightCli.RunAsync(["run", "--source", dir.Combine("projects"), "--db", dir.Combine("h.duckdb"), "--quiet", "--json", .. extra]);

    /// <summary>A file of about 3 MiB: thirty 100 KB prompts, the secret in the fifteenth, far from both fingerprint windows of old.</summary>
    private static string WriteLargeSession(TempDirectory dir)
    {
        var filler = new string('x', 100_000);
        var lines = Enumerable.Range(1, 30).Select(i => TranscriptLines.User($"u{i}", i == 15 ? $"the password is {Secret} ok" : $"{i} {filler}")).ToArray();
        return dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.Jsonl(lines));
    }

    private static async Task<long> CountHoldingAsync(string db, string text) =>
        await WarehouseProbe.ScalarAsync<long>(db, $"SELECT (SELECT count(*) FROM records WHERE raw LIKE '%{text}%') + (SELECT count(*) FROM content_blocks WHERE text LIKE '%{text}%')");

    [Fact]
    public async Task A_secret_masked_at_the_same_length_in_the_middle_of_a_file_is_gone_after_the_next_run()
    {
        using var dir = new TempDirectory();
        var path = WriteLargeSession(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await RunAsync(dir)).ExitCode);
        // Only the raw archive keeps a secret; content_blocks holds it redacted.
        Assert.Equal(1L, await CountHoldingAsync(db, Secret));
        long size = new FileInfo(path).Length;

        // The user scrubs the secret in place with a mask of the same length: same size, new mtime.
        var bytes = File.ReadAllBytes(path);
        var secret = Encoding.UTF8.GetBytes(Secret);
        int at = bytes.AsSpan().IndexOf(secret);
        Assert.True(at > 1024 * 1024, "the secret sits beyond the first block");
        secret.AsSpan().Clear();
        Encoding.UTF8.GetBytes(new string('*', Secret.Length)).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(size, new FileInfo(path).Length);

        var second = await RunAsync(dir);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(1, second.Json["stages"]![1]!["metrics"]!["files_replaced"]!.GetValue<long>());
        Assert.Equal(0L, await CountHoldingAsync(db, Secret));
        // The raw archive holds the masked line (content_blocks redacts "the password is …" whatever follows it).
        Assert.Equal(1L, await CountHoldingAsync(db, new string('*', Secret.Length)));
        Assert.Equal(30L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task Appends_to_a_file_of_several_blocks_read_only_the_tail_each_time()
    {
        using var dir = new TempDirectory();
        var path = WriteLargeSession(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await RunAsync(dir)).ExitCode);

        for (int round = 1; round <= 2; round++)
        {
            File.AppendAllText(path, TranscriptLines.Jsonl(TranscriptLines.User($"tail{round}", new string('y', 700_000))));
            var result = await RunAsync(dir);

            Assert.Equal(0, result.ExitCode);
            var metrics = result.Json["stages"]![1]!["metrics"]!;
            Assert.Equal(1, metrics["files_appended"]!.GetValue<long>());
            Assert.Equal(0, metrics["files_replaced"]!.GetValue<long>());
            Assert.Equal(1, metrics["records"]!.GetValue<long>());
        }
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT generation FROM files"));
        Assert.Equal(32L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        // The stored blocks cover exactly the ingested range.
        var cover = await WarehouseProbe.RowsAsync(db, "SELECT count(*), max(end_offset), (SELECT ingested_offset FROM files) FROM file_blocks");
        long offset = (long)cover[0][2]!;
        Assert.Equal((offset + (1 << 20) - 1) / (1 << 20), (long)cover[0][0]!);
        Assert.Equal(offset, (long)cover[0][1]!);
    }

    [Fact]
    public async Task A_long_partial_tail_beyond_the_line_limit_does_not_spoil_the_fingerprints()
    {
        using var dir = new TempDirectory();
        var longLine = TranscriptLines.User("long", new string('q', 1_500_000));
        var path = dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.User("u1", "first") + "\n" + longLine[..1_400_000]);
        // Two clean files keep the one with a dead letter under discovery's NO-GO threshold.
        foreach (var other in new[] { "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333" })
            dir.Write($"projects/-clean/{other}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("c" + other[..4], "fine", session: other)));
        Assert.Equal(0, (await RunAsync(dir, "--max-line-bytes", "1048576")).ExitCode);

        File.AppendAllText(path, longLine[1_400_000..] + "\n");
        var completed = await RunAsync(dir, "--max-line-bytes", "1048576");
        Assert.Equal(1, completed.Json["stages"]![1]!["metrics"]!["files_appended"]!.GetValue<long>());

        File.AppendAllText(path, TranscriptLines.Jsonl(TranscriptLines.User("u3", "third")));
        var appended = await RunAsync(dir, "--max-line-bytes", "1048576");

        Assert.True(appended.ExitCode == 0, appended.ToString());
        var metrics = appended.Json["stages"]![1]!["metrics"]!;
        Assert.Equal(1, metrics["files_appended"]!.GetValue<long>());
        Assert.Equal(0, metrics["files_replaced"]!.GetValue<long>());
        var db = dir.Combine("h.duckdb");
        Assert.Equal(["u1", "u3"], (await WarehouseProbe.RowsAsync(db, "SELECT uuid FROM records JOIN files USING (file_id) WHERE project = '-p' ORDER BY line_no")).Select(r => (string)r[0]!));
        Assert.Equal("line_too_long", await WarehouseProbe.ScalarAsync<string>(db, "SELECT reason FROM dead_letters"));
    }

    [Fact]
    public async Task A_file_with_unchanged_size_and_mtime_is_not_read_again()
    {
        using var dir = new TempDirectory();
        var path = WriteLargeSession(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await RunAsync(dir)).ExitCode);
        var mtime = File.GetLastWriteTimeUtc(path);

        // Out of scope by decision (README, Re-runs): a rewrite that keeps both size and mtime is not looked for.
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret));
        Encoding.UTF8.GetBytes(new string('*', Secret.Length)).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, mtime);

        var second = await RunAsync(dir);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0L, second.Json["stages"]![1]!["metrics"]!["bytes_read"]!.GetValue<long>());
        Assert.Equal(1L, await CountHoldingAsync(db, Secret));
    }

    [Fact]
    public async Task A_file_ingested_before_block_fingerprints_existed_gets_them_on_its_next_append()
    {
        using var dir = new TempDirectory();
        var path = WriteLargeSession(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await RunAsync(dir)).ExitCode);
        // What a warehouse of the previous release holds after migration 10: positions and prefix windows, no blocks.
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM file_blocks";
            await forget.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        File.AppendAllText(path, TranscriptLines.Jsonl(TranscriptLines.User("tail", "appended")));
        var result = await RunAsync(dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.Json["stages"]![1]!["metrics"]!["files_appended"]!.GetValue<long>());
        Assert.Equal(1, result.Json["stages"]![1]!["metrics"]!["records"]!.GetValue<long>());
        var cover = await WarehouseProbe.RowsAsync(db, "SELECT count(*), max(end_offset), (SELECT ingested_offset FROM files) FROM file_blocks");
        long offset = (long)cover[0][2]!;
        Assert.Equal(offset, (long)cover[0][1]!);
        Assert.Equal((offset + (1 << 20) - 1) / (1 << 20), (long)cover[0][0]!);
    }
}
