using System.Net.Http.Headers;
using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class AuthenticationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("sk-wrong")]
    [InlineData("sk-required-key-but-longer")]
    public async Task Refuses_a_missing_or_wrong_key_with_401(string? presentedKey)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sk-required-key" }, Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "teh")), presentedKey);

        Assert.Equal(401, reply.Status);
        Assert.Equal("invalid_api_key", reply.ErrorCode);
        Assert.Equal(1, server.Stats.Unauthorized);
        Assert.Equal(0, server.Stats.ItemsReceived);
    }

    [Fact]
    public async Task Accepts_the_required_key()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sk-required-key" }, Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "teh")), "sk-required-key");

        Assert.Equal(200, reply.Status);
        Assert.Equal("the", reply.CorrectedText("1"));
    }

    [Fact]
    public async Task Models_need_the_key_too()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sk-required-key" }, Cancellation);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseUrl, "models"), Cancellation);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Never_writes_the_key_to_the_log_or_to_the_received_requests()
    {
        var key = $"sk-secret-{Guid.NewGuid():N}";
        var logPath = _folder.Combine("requests.jsonl");
        IReadOnlyList<ReceivedRequest> received;
        await using (var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = key, LogPath = logPath }, Cancellation))
        {
            using var http = new HttpClient();
            await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "teh")), key);
            await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "teh")), key + "-wrong");
            using var models = new HttpRequestMessage(HttpMethod.Get, new Uri(server.GeminiBaseUrl, "models"));
            models.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            (await http.SendAsync(models, Cancellation)).Dispose();
            received = server.ReceivedRequests();
        }

        var log = await File.ReadAllTextAsync(logPath, Cancellation);
        Assert.Equal(3, log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(key, log, StringComparison.Ordinal);
        Assert.Equal(3, received.Count);
        Assert.All(received, request =>
        {
            Assert.True(request.HadAuthorization);
            Assert.DoesNotContain(key, request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(key, request.Path, StringComparison.Ordinal);
            Assert.DoesNotContain(key, request.ToString(), StringComparison.Ordinal);
        });
    }
}
