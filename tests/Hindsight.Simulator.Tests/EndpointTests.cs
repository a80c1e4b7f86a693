using System.Text.Json;
using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class EndpointTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listens_on_loopback_with_both_base_URLs()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal("/v1/", server.BaseUrl.AbsolutePath);
        Assert.Equal(server.BaseUrl.Port, server.GeminiBaseUrl.Port);
        Assert.Equal("/v1beta/openai/", server.GeminiBaseUrl.AbsolutePath);
    }

    [Fact]
    public async Task The_Gemini_path_answers_like_the_OpenAI_path()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();
        var body = Batch.Body([("1", "teh ⟦P1⟧ adress")], responseFormat: null, model: "gemini-2.5-flash-lite");

        var gemini = await Batch.SendAsync(http, server.GeminiBaseUrl, body);
        var openAi = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Equal(200, gemini.Status);
        Assert.Equal("the ⟦P1⟧ address", gemini.CorrectedText("1"));
        Assert.Equal(openAi.Content, gemini.Content);
        Assert.Equal("gemini-2.5-flash-lite", gemini.Json.GetProperty("model").GetString());
        Assert.Equal("chat.completion", gemini.Json.GetProperty("object").GetString());
        Assert.Equal("/v1beta/openai/chat/completions", server.ReceivedRequests()[0].Path);
    }

    [Fact]
    public async Task Both_roots_list_a_couple_of_models()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        foreach (var root in new[] { server.BaseUrl, server.GeminiBaseUrl })
        {
            using var models = JsonDocument.Parse(await http.GetStringAsync(new Uri(root, "models"), Cancellation));
            Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
            Assert.True(models.RootElement.GetProperty("data").GetArrayLength() >= 2);
        }
    }

    [Fact]
    public async Task Health_answers_OK_without_a_key()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sk-key" }, Cancellation);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseUrl, "/health"), Cancellation);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2]")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"messages":[{"role":"user","content":"{\"items\":[]}"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"system","content":"only a system message"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"please fix teh typo"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"{\"things\":[]}"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"{\"items\":[{\"id\":1,\"text\":\"x\"}]}"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"{\"items\":[{\"id\":\"1\"}]}"}]}""")]
    [InlineData("""{"model":"m","stream":true,"messages":[{"role":"user","content":"{\"items\":[]}"}]}""")]
    [InlineData("""{"model":"m","response_format":{"type":"yaml"},"messages":[{"role":"user","content":"{\"items\":[]}"}]}""")]
    public async Task A_body_that_is_not_a_batch_request_gets_400(string body)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Equal(400, reply.Status);
        Assert.Equal("invalid_request_error", reply.ErrorType);
        Assert.False(string.IsNullOrWhiteSpace(reply.ErrorMessage));
        Assert.Equal(1, server.Stats.BadRequests);
    }

    [Fact]
    public async Task An_empty_batch_gets_an_empty_answer()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body());

        Assert.Equal(200, reply.Status);
        Assert.Empty(reply.Corrections);
    }

    [Fact]
    public async Task An_unknown_path_gets_404_with_an_error_body()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(server.BaseUrl, "embeddings"), new StringContent("{}"), Cancellation);
        var reply = await ChatReply.ReadAsync(response);

        Assert.Equal(404, reply.Status);
        Assert.Equal("invalid_request_error", reply.ErrorType);
    }

    [Fact]
    public async Task Refuses_a_fault_rate_outside_zero_to_one()
    {
        var options = new SimulatorOptions { Faults = new FaultRates { Rewrite = 1.5 } };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SimulatorServer.StartAsync(options, Cancellation));

        Assert.Contains("Faults.Rewrite", error.Message, StringComparison.Ordinal);
    }
}
