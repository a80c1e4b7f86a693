using System.Text.Json;
using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class RequestLogTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Logs_every_request_as_one_JSON_line_with_its_raw_body()
    {
        var logPath = _folder.Combine("nested", "requests.jsonl");
        var good = Batch.Body(("1", "teh ⟦P1⟧ café"));
        const string bad = "this is not json";
        await using (var server = await SimulatorServer.StartAsync(new SimulatorOptions { LogPath = logPath }, Cancellation))
        {
            using var http = new HttpClient();
            await Batch.SendAsync(http, server.BaseUrl, good, apiKey: "sk-any");
            await Batch.SendAsync(http, server.GeminiBaseUrl, bad);
        }

        var lines = (await File.ReadAllLinesAsync(logPath, Cancellation)).Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.Equal(2, lines.Count);
        Assert.Equal("/v1/chat/completions", lines[0].GetProperty("path").GetString());
        Assert.True(lines[0].GetProperty("had_authorization").GetBoolean());
        Assert.Equal(200, lines[0].GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("fault").ValueKind);
        Assert.Equal(good, lines[0].GetProperty("body").GetString());
        Assert.True(lines[0].GetProperty("received_at").TryGetDateTimeOffset(out _));
        Assert.Equal("/v1beta/openai/chat/completions", lines[1].GetProperty("path").GetString());
        Assert.False(lines[1].GetProperty("had_authorization").GetBoolean());
        Assert.Equal(400, lines[1].GetProperty("status").GetInt32());
        Assert.Equal(bad, lines[1].GetProperty("body").GetString());
    }

    [Fact]
    public async Task Appends_to_an_existing_log()
    {
        var logPath = _folder.Combine("requests.jsonl");
        for (var run = 0; run < 2; run++)
        {
            await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { LogPath = logPath }, Cancellation);
            using var http = new HttpClient();
            await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "teh")));
        }

        Assert.Equal(2, (await File.ReadAllLinesAsync(logPath, Cancellation)).Length);
    }

    [Fact]
    public async Task Keeps_only_the_most_recent_requests_in_memory()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { ReceivedRequestsKept = 2 }, Cancellation);
        using var http = new HttpClient();
        for (var request = 0; request < 3; request++)
        {
            await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("id", $"request {request}")));
        }

        var kept = server.ReceivedRequests();

        Assert.Equal(2, kept.Count);
        Assert.Contains("request 1", kept[0].Body, StringComparison.Ordinal);
        Assert.Contains("request 2", kept[1].Body, StringComparison.Ordinal);
        Assert.Equal(3, server.Stats.Requests);
    }
}
