using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// Stage 2 derives duplicate marks, API calls and cost states again only for the files whose records changed,
/// plus the rows of other files that share their keys; the result is the one a fresh run over the same files gives.
/// </summary>
public sealed class IncrementalDerivationTests
{
    private const string SessionA = "aaaaaaaa-1111-4111-8111-111111111111";
    private const string SessionB = "bbbbbbbb-1111-4111-8111-111111111111";
    private const string SessionC = "cccccccc-1111-4111-8111-111111111111";

    private static async Task<JsonNode> RunAsync(string source, string db)
    {
        var result = await HindsightCli.RunAsync(["run", "--provider", "none", "--source", source, "--db", db, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private static JsonNode Cleaning(JsonNode run) => run["stages"]![2]!["metrics"]!;

    [Fact]
    public async Task An_append_to_one_file_derives_that_file_and_the_calls_it_shares_and_leaves_the_rest_as_a_fresh_run_would()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/a.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("a-u1", "first", SessionA), TranscriptLines.Assistant("a-a1", "msg_1", "req_1", TranscriptLines.Text("one"), session: SessionA)));
        dir.Write("projects/-p/b.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("b-u1", "second", SessionB), TranscriptLines.Assistant("b-a1", "msg_2", "req_2", TranscriptLines.Text("two"), session: SessionB)));
        var appended = dir.Write("projects/-p/c.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("c-u1", "third", SessionC), TranscriptLines.Assistant("c-a1", "msg_3", "req_3", TranscriptLines.Text("three"), session: SessionC)));
        var db = dir.Combine("h.duckdb");

        var first = await RunAsync(dir.Combine("projects"), db);
        Assert.Equal(3, Cleaning(first)["files_derived"]!.GetValue<long>());
        Assert.Equal(3, Cleaning(first)["api_calls_written"]!.GetValue<long>());

        // A new call, and b's call replayed (a resumed session): b's API call now has two lines and one of the two is a duplicate.
        await File.AppendAllTextAsync(appended, TranscriptLines.Jsonl(
            TranscriptLines.Assistant("c-a2", "msg_4", "req_4", TranscriptLines.Text("four"), session: SessionC),
            TranscriptLines.Assistant("b-a1", "msg_2", "req_2", TranscriptLines.Text("two"), session: SessionB)), TestContext.Current.CancellationToken);
        var second = await RunAsync(dir.Combine("projects"), db);

        Assert.Equal(1, Cleaning(second)["files_derived"]!.GetValue<long>());
        // c's calls (msg_3, msg_4) and the call it shares with b (msg_2); a's call (msg_1) is not written again.
        Assert.Equal(3, Cleaning(second)["api_calls_written"]!.GetValue<long>());
        Assert.Equal(1, Cleaning(second)["duplicates"]!["resumed_replay"]!.GetValue<long>());
        Assert.Equal(2, await WarehouseProbe.ScalarAsync<int>(db, "SELECT lines FROM api_calls WHERE message_id = 'msg_2'"));

        var fresh = dir.Combine("fresh.duckdb");
        await RunAsync(dir.Combine("projects"), fresh);
        Assert.Empty(await WarehouseComparison.DifferencesAsync(fresh, db));

        var third = await RunAsync(dir.Combine("projects"), db);
        Assert.True(Cleaning(third)["inputs_unchanged"]?.GetValue<bool>() == true);
    }
}
