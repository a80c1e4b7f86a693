using System.Text.Json.Nodes;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// With no key and no --provider, stage 4 falls back to an Ollama server on the machine: it says so (where prompts
/// go, which model, and why) before the first request, records the choice in the run's metrics, and
/// --no-local-fallback turns the fallback off.
/// </summary>
public sealed class LocalFallbackTests
{
    private const string Session = "77777777-7777-4777-8777-777777777777";

    [Fact]
    public async Task The_local_Ollama_fallback_is_announced_before_the_first_request_and_recorded_in_the_metrics()
    {
        using var dir = new TempDirectory();
        WriteTranscript(dir);
        var db = dir.Combine("h.duckdb");
        await using var ollama = new ScriptedProviderServer(Unchanged);

        var result = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["OLLAMA_HOST"] = ollama.Url.Authority },
            "run", "--source", dir.Combine("projects"), "--db", db);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(ollama.Requests > 0, "no prompt reached the local server");
        var announcement = result.Error.Split('\n').FirstOrDefault(line => line.Contains("local Ollama server", StringComparison.Ordinal));
        Assert.True(announcement is not null, "the fallback was not announced:\n" + result.Error);
        Assert.Contains(ollama.BaseUrl.ToString(), announcement, StringComparison.Ordinal);
        Assert.Contains("scripted-model", announcement, StringComparison.Ordinal);
        Assert.Contains("--no-local-fallback", announcement, StringComparison.Ordinal);
        var choice = await ChoiceAsync(db);
        Assert.Equal(("openai", "scripted-model", "fallback"), ((string)choice["provider"]!, (string)choice["model"]!, (string)choice["origin"]!));
    }

    [Fact]
    public async Task With_no_local_fallback_nothing_is_sent_to_the_local_server_and_the_prompts_are_kept_as_typed()
    {
        using var dir = new TempDirectory();
        WriteTranscript(dir);
        var db = dir.Combine("h.duckdb");
        await using var ollama = new ScriptedProviderServer(Unchanged);

        var result = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["OLLAMA_HOST"] = ollama.Url.Authority },
            "run", "--source", dir.Combine("projects"), "--db", db, "--no-local-fallback");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, ollama.Requests);
        // Said once, in the run's summary (stage 4's note).
        Assert.Contains("--no-local-fallback", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Equal(("none", "none"), ((string)(await ChoiceAsync(db))["provider"]!, (string)(await ChoiceAsync(db))["origin"]!));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status <> 'skipped'"));
    }

    [Fact]
    public async Task A_provider_chosen_by_a_key_in_the_environment_is_announced_as_such()
    {
        using var dir = new TempDirectory();
        WriteTranscript(dir);
        var db = dir.Combine("h.duckdb");
        await using var server = new ScriptedProviderServer(Unchanged);

        var result = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "env-key-FAKE-0001" },
            "run", "--source", dir.Combine("projects"), "--db", db, "--base-url", server.BaseUrl.ToString(), "--model", "scripted-model");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"sending prompts to openai at {server.BaseUrl}, model scripted-model (chosen by a key in the environment)", result.Error, StringComparison.Ordinal);
        Assert.Equal("environment", (string)(await ChoiceAsync(db))["origin"]!);
    }

    private static void WriteTranscript(TempDirectory dir) =>
        dir.Write($"projects/-home-dev-local/{Session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("l1", "pleese fix teh failing test in the parser", Session),
            TranscriptLines.User("l2", "and then updaet the readme", Session)));

    private static ScriptedAnswer Unchanged(int request, JsonArray items) => new(200, new JsonObject
    {
        ["corrections"] = new JsonArray(items.Select(item => (JsonNode)new JsonObject
        {
            ["id"] = item!["id"]!.GetValue<string>(), ["corrected"] = item["text"]!.GetValue<string>(),
        }).ToArray()),
    }.ToJsonString());

    private static async Task<JsonNode> ChoiceAsync(string db) =>
        JsonNode.Parse(await WarehouseProbe.ScalarAsync<string>(db, "SELECT metrics_json FROM run_stages WHERE stage = 4 ORDER BY started_at DESC LIMIT 1"))!["provider_choice"]!;
}
