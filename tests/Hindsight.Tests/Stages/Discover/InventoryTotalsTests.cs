using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>
/// Discovery keeps the inventory's totals over every stored profile (<c>discovery_totals</c>) and updates them for the
/// files a run profiles, instead of reading every file's whole profile: the kept sum must always equal the sum computed
/// from all stored profiles, and the manifest must equal a full discovery's.
/// </summary>
public sealed class InventoryTotalsTests
{
    private static string Session(int i) => $"22222222-2222-4222-8222-22222222222{i}";

    private static void Corpus(TempDirectory dir)
    {
        for (int i = 0; i < 4; i++)
        {
            dir.Write($"projects/-p/{Session(i)}.jsonl", TranscriptLines.Jsonl(
                TranscriptLines.User($"u{i}", "hello", Session(i)),
                TranscriptLines.Assistant($"a{i}", $"msg_{i}", $"req_{i}", TranscriptLines.ToolUse($"toolu_{i}", i % 2 == 0 ? "Bash" : "Read"), session: Session(i)),
                TranscriptLines.Summary($"summary {i}")));
        }
    }

    private static async Task<JsonNode> RunAsync(TempDirectory dir, string db, string manifest)
    {
        var result = await HindsightCli.RunAsync("run", "--provider", "none", "--source", dir.Combine("projects"), "--db", db, "--manifest", manifest, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    /// <summary>The kept sum, and the sum of every stored profile's inventory computed here from scratch.</summary>
    private static async Task<(string Kept, string FromAllProfiles)> SumsAsync(string db)
    {
        var kept = await WarehouseProbe.ScalarAsync<string>(db, "SELECT inventory_json FROM discovery_totals");
        var all = new FileProfile();
        foreach (var row in await WarehouseProbe.RowsAsync(db, "SELECT profile_json FROM files WHERE profile_json IS NOT NULL"))
            all.AddInventory(FileProfile.Read((string)row[0]!)!);
        return (Canonical(FileProfile.Read(kept)!), Canonical(all));
    }

    /// <summary>The inventory's counts in a fixed order, so that two sums built in different orders compare equal.</summary>
    private static string Canonical(FileProfile profile)
    {
        static JsonObject Sorted(Dictionary<string, long> counts) =>
            new(counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        return new JsonObject
        {
            ["subtypes"] = Sorted(profile.RecordSubtypes),
            ["blocks"] = Sorted(profile.BlockTypes),
            ["tools"] = Sorted(profile.ToolNames),
            ["models"] = Sorted(profile.Models),
            ["top"] = Sorted(profile.TopLevelFields),
            ["nested"] = Sorted(profile.NestedFields),
            ["dropped"] = profile.FieldPathsDropped,
        }.ToJsonString();
    }

    private static async Task AssertManifestEqualsAFullDiscoveryAsync(TempDirectory dir, string manifestPath, string name)
    {
        var fresh = await HindsightCli.RunAsync("discover", "--source", dir.Combine("projects"), "--db", dir.Combine($"{name}.duckdb"), "--manifest", dir.Combine($"{name}.json"), "--json");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var full = JsonNode.Parse(File.ReadAllText(dir.Combine($"{name}.json")))!;
        foreach (var section in new[] { "discovery", "drift", "decision", "decision_basis", "recommendations" })
            Assert.True(JsonNode.DeepEquals(full[section], manifest[section]), $"{section}: {full[section]?.ToJsonString()} from a full discovery, {manifest[section]?.ToJsonString()} from the kept totals");
    }

    [Fact]
    public async Task After_appends_a_new_file_and_a_file_gone_the_kept_totals_equal_the_sum_of_every_stored_profile_and_the_manifest_a_full_discovery()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        var manifest = dir.Combine("manifest.json");
        await RunAsync(dir, db, manifest);
        var first = await SumsAsync(db);
        Assert.Equal(first.FromAllProfiles, first.Kept);

        // One file grows with a new tool, a new field and a new model; one is new; one is gone from the source folder.
        File.AppendAllText(dir.Combine("projects", "-p", $"{Session(0)}.jsonl"), TranscriptLines.Jsonl(
            TranscriptLines.Assistant("a9", "msg_9", "req_9", TranscriptLines.ToolUse("toolu_9", "Grep"), session: Session(0)).Replace("\"type\":\"assistant\"", "\"type\":\"assistant\",\"brandNewField\":1"),
            TranscriptLines.User("u9", "more", Session(0))));
        dir.Write("projects/-p/" + Session(5) + ".jsonl", TranscriptLines.Jsonl(
            TranscriptLines.Assistant("a5", "msg_5", "req_5", TranscriptLines.ToolUse("toolu_5", "WebFetch"), session: Session(5))));
        File.Delete(dir.Combine("projects", "-p", $"{Session(3)}.jsonl"));
        await RunAsync(dir, db, manifest);

        var second = await SumsAsync(db);
        Assert.Equal(second.FromAllProfiles, second.Kept);
        Assert.NotEqual(first.Kept, second.Kept);
        Assert.Contains("\"Grep\":1", second.Kept);
        await AssertManifestEqualsAFullDiscoveryAsync(dir, manifest, "fresh");
    }

    [Fact]
    public async Task Profiles_changed_behind_its_back_make_the_totals_computed_again_from_every_profile()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        var manifest = dir.Combine("manifest.json");
        await RunAsync(dir, db, manifest);
        // Two stored profiles' inventories edited outside discovery's own writes: the kept sum no longer describes them.
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = $$$"""
                UPDATE files SET profile_json = json_merge_patch(profile_json, '{"ToolNames":{"Edited":7}}') WHERE relative_path = '-p/{{{Session(1)}}}.jsonl';
                UPDATE files SET profile_json = json_merge_patch(profile_json, '{"Models":null}') WHERE relative_path = '-p/{{{Session(2)}}}.jsonl';
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        File.AppendAllText(dir.Combine("projects", "-p", $"{Session(0)}.jsonl"), TranscriptLines.Jsonl(TranscriptLines.User("u8", "again", Session(0))));

        await RunAsync(dir, db, manifest);

        var sums = await SumsAsync(db);
        Assert.Equal(sums.FromAllProfiles, sums.Kept);
        Assert.Contains("\"Edited\":7", sums.Kept);
        Assert.Equal(1, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM discovery_totals"));
    }

    [Fact]
    public void Taking_a_profile_out_of_a_total_leaves_the_total_it_was_added_to()
    {
        var a = Profile(("Bash", 2), ("Read", 1));
        var b = Profile(("Bash", 1), ("Grep", 4));
        var total = new FileProfile();
        total.AddInventory(a);
        total.AddInventory(b);

        Assert.True(total.SubtractInventory(b));

        Assert.Equal(Canonical(a), Canonical(total));
        Assert.False(total.ToolNames.ContainsKey("Grep"));
        Assert.False(total.SubtractInventory(b));
    }

    [Fact]
    public void A_summary_read_keeps_what_the_manifest_and_the_decision_need_and_leaves_the_inventory_out()
    {
        var profile = Profile(("Bash", 2));
        profile.Lines = 5;
        profile.Records = 4;
        profile.DeadLetters = 1;
        profile.RecordTypes["user"] = 4;
        profile.Versions["2.0.1"] = 4;
        profile.FirstTimestamp = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture);
        profile.ProfileFormat = FileProfile.CurrentProfileFormat;

        var summary = FileProfile.ReadSummary(profile.ToJson())!;

        Assert.Equal((5, 4, 1), (summary.Lines, summary.Records, summary.DeadLetters));
        Assert.Equal(profile.RecordTypes, summary.RecordTypes);
        Assert.Equal(profile.Versions, summary.Versions);
        Assert.Equal(profile.FirstTimestamp, summary.FirstTimestamp);
        Assert.True(summary.IsReusable);
        Assert.Empty(summary.ToolNames);
        Assert.Empty(summary.NestedFields);
        Assert.Empty(summary.TopLevelFields);
    }

    [Fact]
    public void A_profile_is_stored_exactly_as_the_reflection_serializer_wrote_it_before()
    {
        var profile = Profile(("Bash", 2));
        profile.Drift["field:odd"] = new DriftSighting { Records = 1, Versions = ["2.0.1"] };
        profile.LastTimeInFileOrder = DateTimeOffset.Parse("2026-01-02T03:04:05+02:00", System.Globalization.CultureInfo.InvariantCulture);
        profile.SampleErrors.Add("line 3: \"broken\" <json>");

        Assert.Equal(JsonSerializer.Serialize(profile), profile.ToJson());
        Assert.Equal(JsonSerializer.Serialize(profile), FileProfile.Read(JsonSerializer.Serialize(profile))!.ToJson());
    }

    private static FileProfile Profile(params (string Tool, long Count)[] tools)
    {
        var profile = new FileProfile();
        foreach (var (tool, count) in tools)
        {
            profile.ToolNames[tool] = count;
            profile.NestedFields["message.content[].name"] = profile.NestedFields.GetValueOrDefault("message.content[].name") + count;
            profile.BlockTypes["tool_use"] = profile.BlockTypes.GetValueOrDefault("tool_use") + count;
        }
        profile.TopLevelFields["type"] = tools.Sum(t => t.Count);
        return profile;
    }
}
