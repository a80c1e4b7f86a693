using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Warehouse;

/// <summary>
/// A warehouse written by the previous release (v0.1.0: DuckDB storage v0.10.2, raw archive uncompressed; kept as a fixture
/// with the figures that release reported, remade by tests/fixtures/warehouses/v0.1.0/make.sh) is rewritten into the
/// new layout by the first writing command, with every figure unchanged; read-only commands leave it as it is.
/// </summary>
public sealed class StorageUpgradeTests
{
    private static string Fixture => Path.Combine(RepositoryPaths.Fixtures, "warehouses", "v0.1.0");

    private static JsonNode Figures => JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture, "figures.json")))!;

    private static string CopyOfFixture(TempDirectory dir)
    {
        var db = dir.Combine("h.duckdb");
        File.Copy(Path.Combine(Fixture, "warehouse.duckdb"), db);
        return db;
    }

    [Fact]
    public async Task A_writing_command_rewrites_a_v0_1_0_warehouse_into_storage_v1_5_0_and_every_figure_it_held_is_unchanged()
    {
        using var dir = new TempDirectory();
        var db = CopyOfFixture(dir);
        // Probed on a copy: DuckDB's storage info is read after a checkpoint, which writes.
        var probe = dir.Combine("probe-copy.duckdb");
        File.Copy(db, probe);
        var (oldVersion, oldCompressions) = await RawArchiveTests.StorageOfAsync(probe);
        Assert.Equal("v1.0.0+", oldVersion);
        // Short lines get FSST at the old version too; long ones are never compressed there, and zstd is not available.
        Assert.DoesNotContain("ZSTD", oldCompressions);

        // forget --yes of a folder the warehouse never saw: a writing command that removes nothing.
        var forget = await HindsightCli.RunAsync("forget", dir.Combine("never-ingested"), "--db", db, "--yes");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.Contains("Upgraded the warehouse", forget.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db + ".upgrading"));
        var (version, compressions) = await RawArchiveTests.StorageOfAsync(db);
        Assert.Equal("v1.5.0+", version);
        Assert.Equal(["ZSTD"], compressions);
        Assert.Equal(["ZSTD"], (await RawArchiveTests.StorageOfAsync(db, "content_blocks", "text")).RawCompressions);

        var figures = Figures;
        var counts = figures["counts"]!.AsArray().ToDictionary(r => r!["t"]!.GetValue<string>(), r => r!["n"]!.GetValue<long>());
        // messages is the one exception, and not the rewrite's doing: migration 6 (which every v0.1.0 warehouse needs)
        // empties it so that the next run classifies every record under the new rules.
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages"));
        // The staged table became a view over messages (migration 11), so it shows its rows again after that next run;
        // what only the old table held (each row's fingerprint, created_at and run) is kept whole in its narrow table.
        Assert.Equal(counts["claude_code_stage_4"], await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM claude_code_stage_4_rows"));
        var differences = new List<string>();
        foreach (var (table, rows) in counts.Where(c => c.Key is not "messages" and not "claude_code_stage_4"))
        {
            var now = await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table}");
            if (now != rows) differences.Add($"{table}: {rows} rows before the upgrade, {now} after");
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        var deadLetters = await HindsightCli.RunAsync("query", "--db", db, "--json",
            "SELECT file_id, line_no, byte_offset, reason, raw_length, raw_sha256 FROM dead_letters ORDER BY file_id, line_no");
        Assert.Equal(figures["dead_letters"]!.ToJsonString(), deadLetters.Json.ToJsonString());
        var daily = await HindsightCli.RunAsync("report", "daily", "--db", db, "--json");
        Assert.Equal(figures["report_daily"]!.ToJsonString(), daily.Json.ToJsonString());
        var runs = await HindsightCli.RunAsync("runs", "--db", db, "--json");
        AssertSameFigures(figures["runs"]!, runs.Json);
        // Dead letters written by v0.1.0 whose stored prefix is the whole line, unredacted, read back whole.
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM raw_lines WHERE kind = 'dead_letter' AND complete") > 0);
    }

    [Fact]
    public async Task Read_only_commands_work_on_a_v0_1_0_warehouse_without_rewriting_it()
    {
        using var dir = new TempDirectory();
        var db = CopyOfFixture(dir);
        var before = Sha256(db);

        var daily = await HindsightCli.RunAsync("report", "daily", "--db", db, "--json");
        var runs = await HindsightCli.RunAsync("runs", "--db", db, "--json");
        var query = await HindsightCli.RunAsync("query", "--db", db, "SELECT count(*) FROM records");

        Assert.True(daily.ExitCode == 0, daily.ToString());
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Equal(Figures["report_daily"]!.ToJsonString(), daily.Json.ToJsonString());
        Assert.Equal(before, Sha256(db));
        Assert.False(File.Exists(db + ".upgrading"));
    }

    [Fact]
    public async Task A_new_file_left_by_an_interrupted_upgrade_is_discarded_and_the_upgrade_starts_again_from_the_old_warehouse()
    {
        using var dir = new TempDirectory();
        var db = CopyOfFixture(dir);
        // What a kill in the middle of the copy leaves: the old warehouse whole, a partial new file beside it.
        await File.WriteAllBytesAsync(db + ".upgrading", RandomNumberGenerator.GetBytes(300_000), TestContext.Current.CancellationToken);

        var forget = await HindsightCli.RunAsync("forget", dir.Combine("never-ingested"), "--db", db, "--yes");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.False(File.Exists(db + ".upgrading"));
        Assert.Equal("v1.5.0+", (await RawArchiveTests.StorageOfAsync(db)).Version);
        AssertSameFigures(Figures["runs"]!, (await HindsightCli.RunAsync("runs", "--db", db, "--json")).Json);
    }

    [Fact]
    public async Task Without_room_for_one_copy_the_upgrade_is_refused_with_exit_code_5_and_the_warehouse_is_left_untouched()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("tmpfs is a Linux file system");
            return;
        }
        using var dir = new TempDirectory();
        var small = Directory.CreateDirectory(dir.Combine("small")).FullName;
        // 8 MB: the 6 MB warehouse fits, a second copy of it does not.
        var (mounted, why) = await SystemTool.RunAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", small);
        if (mounted != 0)
        {
            Assert.Skip($"mounting an 8 MB tmpfs needs root with CAP_SYS_ADMIN, which this sandbox refused ({why.Trim()}); a real disk cannot be filled honestly here");
            return;
        }
        try
        {
            var db = Path.Combine(small, "h.duckdb");
            File.Copy(Path.Combine(Fixture, "warehouse.duckdb"), db);
            var before = Sha256(db);

            var result = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "forget", dir.Combine("never-ingested"), "--db", db, "--yes");

            Assert.True(result.ExitCode == 5, result.ToString());
            Assert.Contains("needs room for one copy", result.Error.ReplaceLineEndings(" "), StringComparison.Ordinal);
            Assert.Equal(before, Sha256(db));
            Assert.False(File.Exists(db + ".upgrading"));
            Assert.False(File.Exists(db + ".wal"));
        }
        finally
        {
            await SystemTool.RunAsync("umount", small);
        }
    }

    /// <summary>
    /// Every figure the old release reported, unchanged: the same arrays (length and order) and, in each object, the same
    /// value under every key it had. Keys a later release added (such as each stage's memory figures, null for runs
    /// recorded before they existed) are not the old release's figures and are not compared.
    /// </summary>
    private static void AssertSameFigures(JsonNode expected, JsonNode? actual) =>
        Assert.Equal(expected.ToJsonString(), Project(actual, expected)?.ToJsonString());

    private static JsonNode? Project(JsonNode? actual, JsonNode? shape) => (actual, shape) switch
    {
        (JsonObject a, JsonObject s) => new JsonObject(s.Select(p => KeyValuePair.Create(p.Key, a.ContainsKey(p.Key) ? Project(a[p.Key], p.Value) : JsonValue.Create("(missing)")))),
        (JsonArray a, JsonArray s) => new JsonArray(a.Select((item, i) => Project(item, i < s.Count ? s[i] : null)).ToArray()),
        _ => actual?.DeepClone(),
    };

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
