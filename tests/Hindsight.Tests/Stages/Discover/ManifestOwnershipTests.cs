using System.Text.Json.Nodes;
using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>Hindsight never replaces a file it did not write, and two warehouses in one folder keep their own manifests.</summary>
public sealed class ManifestOwnershipTests
{
    private static void Corpus(TempDirectory dir) =>
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"))));

    [Fact]
    public async Task A_foreign_manifest_json_is_never_overwritten_and_the_run_says_so_and_goes_on()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        const string extension = """{"manifest_version": 3, "name": "Tab Sorter", "version": "1.4.0", "permissions": ["tabs"]}""";
        var foreign = dir.Write("manifest.json", extension);
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--manifest", foreign, "--provider", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(extension, File.ReadAllText(foreign));
        Assert.Contains($"manifest not written: {foreign} exists and is not a Hindsight manifest", result.Output, StringComparison.Ordinal);
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        var metrics = JsonNode.Parse(await WarehouseProbe.ScalarAsync<string>(db, "SELECT metrics_json FROM run_stages WHERE stage = 0"))!;
        Assert.Null(metrics["manifest"]);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_manifest_written_by_an_earlier_hindsight_without_the_marker_is_recognised_and_replaced()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var manifest = dir.Combine("manifest.json");
        string[] run = ["run", "--source", dir.Combine("projects"), "--db", dir.Combine("h.duckdb"), "--manifest", manifest, "--provider", "none", "--quiet"];
        Assert.Equal(0, (await HindsightCli.RunAsync(run)).ExitCode);
        // What the previous release wrote: the same document without the generator marker.
        var earlier = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        Assert.Equal("hindsight", earlier["generator"]!.GetValue<string>());
        earlier.Remove("generator");
        File.WriteAllText(manifest, earlier.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        dir.Write("projects/-p/22222222-2222-4222-8222-222222222222.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u2", "more")));

        var again = await HindsightCli.RunAsync([.. run.Where(a => a != "--quiet"), "--json"]);

        Assert.True(again.ExitCode == 0, again.ToString());
        var written = JsonNode.Parse(File.ReadAllText(manifest))!;
        Assert.Equal(again.Json["run_id"]!.GetValue<string>(), written["run_id"]!.GetValue<string>());
        Assert.Equal("hindsight", written["generator"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"generator":"hindsight","anything":1}""", true)]
    [InlineData("""{"manifest_version":"2.0","run_id":"x","assessment_timestamp":"t","source":{}}""", true)]
    [InlineData("""{"manifest_version":3,"name":"ext","version":"1"}""", false)]
    [InlineData("""{"generator":"someone-else"}""", false)]
    [InlineData("""[{"generator":"hindsight"}]""", false)]
    [InlineData("not json at all", false)]
    public void Only_a_hindsight_manifest_is_recognised_as_hindsights(string content, bool ours)
    {
        Assert.Equal(ours, ManifestOwnership.IsHindsightManifest(System.Text.Encoding.UTF8.GetBytes(content), isWholeFile: true));
    }

    [Fact]
    public async Task Two_warehouses_in_one_folder_each_get_a_manifest_named_after_them()
    {
        using var dir = new TempDirectory();
        Corpus(dir);

        var one = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", dir.Combine("one.duckdb"), "--provider", "none", "--json");
        var two = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", dir.Combine("two.duckdb"), "--provider", "none", "--json");

        Assert.Equal(one.Json["run_id"]!.GetValue<string>(), JsonNode.Parse(File.ReadAllText(dir.Combine("one.manifest.json")))!["run_id"]!.GetValue<string>());
        Assert.Equal(two.Json["run_id"]!.GetValue<string>(), JsonNode.Parse(File.ReadAllText(dir.Combine("two.manifest.json")))!["run_id"]!.GetValue<string>());
        Assert.False(File.Exists(dir.Combine("manifest.json")));
        var config = await HindsightCli.RunAsync("config", "--db", dir.Combine("one.duckdb"), "--json");
        Assert.Equal(dir.Combine("one.manifest.json"), config.Json["manifest"]!["value"]!.GetValue<string>());
    }
}
