using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages;

/// <summary>Stages 0 and 1 on the team's own fixtures, which cover every record type without ../shared.</summary>
public sealed class FixtureCorpusTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private string Db => _dir.Combine("h.duckdb");
    private CliResult _run = null!;

    public async ValueTask InitializeAsync() =>
        _run = await HindsightCli.RunAsync("run", "--source", RepositoryPaths.FixtureProjects, "--db", Db, "--manifest", _dir.Combine("manifest.json"), "--quiet", "--json");

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void The_fixture_corpus_runs_to_completion()
    {
        Assert.True(_run.ExitCode == 0, _run.ToString());
    }

    [Fact]
    public async Task Every_file_is_classified_by_its_place_in_the_layout()
    {
        var kinds = (await WarehouseProbe.RowsAsync(Db, "SELECT relative_path, kind FROM files")).ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        foreach (var file in FixtureExpectations.Files)
            Assert.Equal((file["path"]!.GetValue<string>(), file["kind"]!.GetValue<string>()), (file["path"]!.GetValue<string>(), kinds[file["path"]!.GetValue<string>()]));
    }

    [Fact]
    public async Task Every_transcript_file_stores_its_records_dead_letters_and_partial_tail_exactly()
    {
        foreach (var file in FixtureExpectations.Files.Where(f => f["kind"]!.GetValue<string>() is "main_session" or "flat_agent" or "nested_agent"))
        {
            var path = file["path"]!.GetValue<string>().Replace("'", "''", StringComparison.Ordinal);
            var where = $"file_id = (SELECT file_id FROM files WHERE relative_path = '{path}')";
            var records = await WarehouseProbe.RowsAsync(Db, $"SELECT type, count(*) FROM records WHERE {where} GROUP BY type");
            Assert.Equal(
                FixtureExpectations.Counts(file["records_by_type"]).OrderBy(p => p.Key),
                records.ToDictionary(r => (string)r[0]!, r => (long)r[1]!).OrderBy(p => p.Key));

            var dead = await WarehouseProbe.RowsAsync(Db, $"SELECT line_no, reason, raw_length, raw_sha256 FROM dead_letters WHERE {where} ORDER BY line_no");
            var expectedDead = file["dead_letters"]!.AsArray().Select(d => (d!["line"]!.GetValue<long>(), d["reason"]!.GetValue<string>(), d["raw_length"]!.GetValue<long>(), d["sha256"]!.GetValue<string>()));
            Assert.Equal(expectedDead, dead.Select(r => ((long)r[0]!, (string)r[1]!, (long)r[2]!, (string)r[3]!)));

            var tail = await WarehouseProbe.ScalarAsync<long>(Db, $"SELECT partial_tail_bytes FROM files WHERE {where}");
            Assert.Equal(file["partial_tail"] is JsonObject t ? t["bytes"]!.GetValue<long>() : 0, tail);
        }
    }

    [Fact]
    public async Task Records_of_every_type_and_content_blocks_of_every_type_are_stored()
    {
        var types = (await WarehouseProbe.RowsAsync(Db, "SELECT type, count(*) FROM records GROUP BY type")).ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        Assert.Equal(FixtureExpectations.Counts(FixtureExpectations.Totals["records_by_type_in_session_files"]).OrderBy(p => p.Key), types.OrderBy(p => p.Key));

        var blocks = (await WarehouseProbe.RowsAsync(Db,
            "SELECT block_type, count(*) FROM content_blocks b JOIN records r USING (file_id, line_no) WHERE r.type NOT IN ('queue-operation', 'attachment') GROUP BY block_type"))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        Assert.Equal(FixtureExpectations.Counts(FixtureExpectations.Totals["content_blocks"]).OrderBy(p => p.Key), blocks.OrderBy(p => p.Key));
    }

    [Fact]
    public void The_manifest_counts_tool_names_from_message_content()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(_dir.Combine("manifest.json")))!;
        Assert.Equal(
            FixtureExpectations.Counts(FixtureExpectations.Totals["tool_names"]).OrderBy(p => p.Key),
            FixtureExpectations.Counts(manifest["discovery"]!["tool_names"]).OrderBy(p => p.Key));
        Assert.Equal(
            FixtureExpectations.Counts(FixtureExpectations.Totals["files_by_kind"]).OrderBy(p => p.Key),
            FixtureExpectations.Counts(manifest["discovery"]!["files_by_kind"]).OrderBy(p => p.Key));
    }
}
