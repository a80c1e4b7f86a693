using System.Text;
using System.Text.Json;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>
/// Format drift: record types, subtypes and top-level fields Hindsight does not know, with the Claude Code versions
/// and dates they appeared in, in `hindsight drift` and the manifest.
/// </summary>
public sealed class FormatDriftTests
{
    private static FileProfile Profile(params string[] lines)
    {
        var profile = new FileProfile { ProfileFormat = FileProfile.CurrentProfileFormat };
        var collector = new DriftCollector(profile);
        long number = 0;
        foreach (var text in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var line = new JsonlLine(++number, 0, bytes.Length, bytes, bytes.Length, false, null);
            var parsed = TranscriptLineParser.Parse("f", line, keepRaw: false, observer: collector);
            collector.See(parsed.Record!);
        }
        return profile;
    }

    private const string Assistant = """{"type":"assistant","uuid":"u1","sessionId":"s","version":"2.1.340","timestamp":"2026-12-01T10:00:00.000Z","message":{"role":"assistant","content":[]}}""";

    [Fact]
    public void A_metadata_record_without_version_or_time_is_dated_by_the_line_before_it()
    {
        var profile = Profile(Assistant, """{"type":"hologram-state","sessionId":"s","frames":3}""");

        var sighting = profile.Drift[DriftKindNames.Key(DriftKind.RecordType, "hologram-state")];
        Assert.Equal(["2.1.340"], sighting.Versions);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), sighting.First);
        Assert.True(profile.Drift.ContainsKey(DriftKindNames.Key(DriftKind.TopLevelField, "frames")));
    }

    [Fact]
    public void Every_type_of_the_2_1_332_format_and_its_known_subtypes_and_fields_are_not_drift()
    {
        var profile = Profile(
            Assistant,
            """{"type":"cost-state","sessionId":"s","totalCostUSD":1,"modelUsage":{}}""",
            """{"type":"atis-latch","atis":true,"sessionId":"s"}""",
            """{"type":"system","subtype":"compact_boundary","uuid":"u2","sessionId":"s","compactMetadata":{}}""",
            """{"type":"queue-operation","operation":"enqueue","sessionId":"s","content":"x"}""");

        Assert.Empty(profile.Drift);
        Assert.All(KnownFormat.RecordTypes, type => Assert.True(KnownFormat.IsKnownType(type)));
    }

    [Fact]
    public void An_unknown_subtype_of_a_known_type_is_drift_as_type_slash_subtype()
    {
        var profile = Profile("""{"type":"system","subtype":"hologram_summary","uuid":"u2","sessionId":"s","version":"2.1.341","timestamp":"2026-12-02T10:00:00.000Z"}""");

        var key = Assert.Single(profile.Drift.Keys);
        Assert.Equal(DriftKindNames.Key(DriftKind.Subtype, "system/hologram_summary"), key);
    }

    [Fact]
    public void Merged_drift_lists_versions_in_version_order_and_counts_files()
    {
        var drift = new FormatDrift();
        drift.Add(Profile("""{"type":"assistant","uuid":"u1","sessionId":"s","version":"2.1.10","timestamp":"2026-12-03T10:00:00.000Z","quantumFlag":1,"message":{"role":"assistant","content":[]}}"""));
        drift.Add(Profile("""{"type":"assistant","uuid":"u1","sessionId":"s","version":"2.1.9","timestamp":"2026-12-01T10:00:00.000Z","quantumFlag":1,"message":{"role":"assistant","content":[]}}"""));

        var item = Assert.Single(drift.Items);
        Assert.Equal(("quantumFlag", 2L, 2L), (item.Name, item.Records, item.Files));
        Assert.Equal(["2.1.9", "2.1.10"], item.Versions);
        Assert.True(item.FirstSeen < item.LastSeen);
    }

    [Fact]
    public async Task Hindsight_drift_and_the_manifest_name_the_unknown_type_with_its_version_and_date()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", UsageFixtures.Projects, "--db", db, "--provider", "none");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("unknown to Hindsight appeared; see hindsight drift", run.Output);
        // What the fixture holds, read from its bytes: the unknown type and the version of the line before it.
        var records = UsageFixtures.Records($"-home-ana-work-agents/{UsageFixtures.CostStateSession}.jsonl").ToList();
        int at = records.FindIndex(r => (string?)r["type"] == "hologram-state");
        var version = (string)records.Take(at).Last(r => r["version"] is not null)["version"]!;

        var json = (await HindsightCli.RunAsync("drift", "--json", "--db", db)).Json;
        var table = await HindsightCli.RunAsync("drift", "--db", db);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(dir.Combine("h.manifest.json"), TestContext.Current.CancellationToken));

        var item = json["unknown"]!.AsArray().Single(i => (string?)i!["name"] == "hologram-state")!;
        Assert.Equal("record_type", (string?)item["kind"]);
        Assert.Equal([version], item["versions"]!.AsArray().Select(v => (string)v!));
        Assert.NotNull((string?)item["first_seen"]);
        Assert.Contains("hologram-state", table.Output);
        Assert.Contains(manifest.RootElement.GetProperty("drift").GetProperty("unknown").EnumerateArray(),
            i => i.GetProperty("name").GetString() == "hologram-state" && i.GetProperty("versions")[0].GetString() == version);
    }

    [Fact]
    public async Task A_profile_stored_before_drift_was_recorded_is_read_again_so_an_upgraded_warehouse_shows_its_drift()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        string[] run = ["run", "--source", UsageFixtures.Projects, "--db", db, "--provider", "none", "--quiet"];
        Assert.Equal(0, (await HindsightCli.RunAsync(run)).ExitCode);
        // What an older release stored: profiles without a format number and without drift; its stage 0 state is
        // forgotten as a new program version's would be.
        await using (var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new Hindsight.Warehouse.WarehouseOptions(), TestContext.Current.CancellationToken))
        {
            await warehouse.ExecuteAsync("""UPDATE files SET profile_json = json_merge_patch(profile_json, '{"ProfileFormat":0,"Drift":null}') WHERE profile_json IS NOT NULL""", TestContext.Current.CancellationToken);
            await warehouse.ExecuteAsync("DELETE FROM stage_state WHERE stage = 0", TestContext.Current.CancellationToken);
        }
        var before = (await HindsightCli.RunAsync("drift", "--json", "--db", db)).Json;

        Assert.Equal(0, (await HindsightCli.RunAsync(run)).ExitCode);
        var after = (await HindsightCli.RunAsync("drift", "--json", "--db", db)).Json;

        Assert.Empty(before["unknown"]!.AsArray());
        Assert.Contains(after["unknown"]!.AsArray(), i => (string?)i!["name"] == "hologram-state");
    }

    [Fact]
    public async Task A_corpus_of_known_records_has_no_drift()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", UsageFixtures.ProjectsWithOnly(dir, "-home-ana-work-archive"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        var table = await HindsightCli.RunAsync("drift", "--db", db);
        var json = (await HindsightCli.RunAsync("drift", "--json", "--db", db)).Json;

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("No format drift", table.Output);
        Assert.Empty(json["unknown"]!.AsArray());
        Assert.Equal(1, json["files_profiled"]!.GetValue<long>());
    }
}
