using DuckDB.NET.Data;

namespace Hindsight.Tests.Warehouse;

/// <summary>
/// The raw archive gives every stored line back byte for byte through the raw_lines view, dead letters included
/// (invalid UTF-8, not JSON, not an object, no type), and a new warehouse keeps it compressed on DuckDB storage v1.5.0.
/// </summary>
public sealed class RawArchiveTests
{
    [Fact]
    public async Task Every_line_of_the_fixtures_read_back_through_raw_lines_equals_the_source_bytes_at_its_offset() =>
        await AssertByteExactAsync(RepositoryPaths.FixtureProjects, expectDeadLetters: true);

    [Fact]
    public async Task Every_hostile_line_read_back_through_raw_lines_equals_the_source_bytes_at_its_offset() =>
        await AssertByteExactAsync(Path.Combine(RepositoryPaths.Fixtures, "hostile"), expectDeadLetters: true);

    [Fact]
    public async Task Every_line_of_the_shared_transcripts_read_back_through_raw_lines_equals_the_source_bytes_at_its_offset() =>
        await AssertByteExactAsync(RepositoryPaths.RequireSharedTranscripts(), expectDeadLetters: false);

    [Fact]
    public async Task A_new_warehouse_is_written_at_storage_v1_5_0_with_the_raw_archive_compressed_with_zstd()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", RepositoryPaths.FixtureProjects, "--db", db, "--manifest", dir.Combine("m.json"), "--provider", "none", "--quiet", "--force");
        Assert.True(run.ExitCode == 0, run.ToString());

        var (version, compressions) = await StorageOfAsync(db);

        Assert.Equal("v1.5.0+", version);
        Assert.Equal(["ZSTD"], compressions);
        // Tool outputs and inputs, the largest texts after the raw archive, are compressed the same way.
        Assert.Equal(["ZSTD"], (await StorageOfAsync(db, "content_blocks", "text")).RawCompressions);
        Assert.Equal(["ZSTD"], (await StorageOfAsync(db, "content_blocks", "tool_input")).RawCompressions);
    }

    /// <summary>DuckDB's own report of a file's storage version and of the compression of a text column's segments (after a
    /// checkpoint); by default records.raw, the raw archive.</summary>
    internal static async Task<(string Version, List<string> RawCompressions)> StorageOfAsync(string db, string table = "records", string column = "raw")
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new DuckDBConnection($"Data Source={db}");
        await connection.OpenAsync(ct);
        using var command = connection.CreateCommand();
        command.CommandText = "CHECKPOINT";
        await command.ExecuteNonQueryAsync(ct);
        command.CommandText = "SELECT map_extract_value(tags, 'storage_version') FROM duckdb_databases() WHERE database_name = current_database()";
        var version = (string)(await command.ExecuteScalarAsync(ct))!;
        command.CommandText = $"SELECT DISTINCT compression FROM pragma_storage_info('{table}') WHERE column_name = '{column}' AND segment_type = 'VARCHAR' ORDER BY 1";
        var compressions = new List<string>();
        using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) compressions.Add(reader.GetString(0));
        return (version, compressions);
    }

    private static async Task AssertByteExactAsync(string source, bool expectDeadLetters)
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        // --force: the hostile corpus is mostly unreadable on purpose, and every line of it must still be archived.
        var run = await HindsightCli.RunAsync("run", "--source", source, "--db", db, "--manifest", dir.Combine("m.json"), "--provider", "none", "--quiet", "--force");
        Assert.True(run.ExitCode is 0 or 4, run.ToString());

        var rows = await WarehouseProbe.RowsAsync(db, """
            SELECT f.path, l.line_no, l.byte_offset, to_base64(l.line), l.kind, l.complete, l.length
            FROM raw_lines l JOIN files f USING (file_id) ORDER BY f.path, l.line_no
            """);
        var stored = await WarehouseProbe.ScalarAsync<long>(db, "SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM dead_letters)");
        Assert.Equal(stored, rows.Count);
        Assert.True(rows.Count > 0, "nothing was archived");

        var files = new Dictionary<string, byte[]>();
        int deadLetters = 0, checkedLines = 0;
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            var path = (string)row[0]!;
            long lineNo = (long)row[1]!, offset = (long)row[2]!, length = (long)row[6]!;
            var line = Convert.FromBase64String((string)row[3]!);
            if ((string)row[4]! == "dead_letter") deadLetters++;
            if (!(bool)row[5]!)
            {
                // Only a line longer than --max-line-bytes is incomplete: its prefix is kept, never the whole line.
                Assert.Equal("dead_letter", (string)row[4]!);
                Assert.True(length > line.Length, $"{path}:{lineNo} is marked incomplete but its whole length is kept");
                continue;
            }
            if (!files.TryGetValue(path, out var bytes)) files[path] = bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
            var end = offset + line.Length;
            bool same = line.Length == length && end <= bytes.Length && bytes.AsSpan((int)offset, line.Length).SequenceEqual(line)
                        && end < bytes.Length && (bytes[end] == (byte)'\n' || (bytes[end] == (byte)'\r' && end + 1 < bytes.Length && bytes[end + 1] == (byte)'\n'));
            if (!same) mismatches.Add($"{path}:{lineNo} at byte {offset} ({row[4]})");
            checkedLines++;
        }

        Assert.True(mismatches.Count == 0, "lines that do not read back byte for byte:\n" + string.Join("\n", mismatches.Take(20)));
        Assert.True(checkedLines > 0);
        if (expectDeadLetters) Assert.True(deadLetters > 0, "the corpus was expected to hold dead letters");
    }
}
