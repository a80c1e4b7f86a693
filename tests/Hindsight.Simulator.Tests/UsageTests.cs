using System.Text;
using System.Text.Json;
using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class UsageTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reports_usage_as_UTF8_bytes_divided_by_four_rounded_up()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();
        var body = Batch.Body(("1", "Grüße, teh café ⟦P1⟧ 日本語"), ("2", "x"));
        var messageBytes = JsonDocument.Parse(body).RootElement.GetProperty("messages").EnumerateArray()
            .Sum(message => Encoding.UTF8.GetByteCount(message.GetProperty("content").GetString()!));

        var reply = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Equal((messageBytes + 3) / 4, reply.PromptTokens);
        Assert.Equal((Encoding.UTF8.GetByteCount(reply.Content) + 3) / 4, reply.CompletionTokens);
        Assert.Equal(reply.PromptTokens + reply.CompletionTokens, reply.TotalTokens);
        Assert.Equal(reply.PromptTokens, server.Stats.PromptTokens);
        Assert.Equal(reply.CompletionTokens, server.Stats.CompletionTokens);
        Assert.Equal(2, server.Stats.ItemsReceived);
    }

    [Fact]
    public async Task Reads_content_sent_as_text_parts_like_the_OpenAI_SDKs_do()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();
        const string batch = """{"items":[{"id":"1","text":"teh"}]}""";
        var body = JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            messages = new object[]
            {
                new { role = "system", content = new[] { new { type = "text", text = "Fix typos." } } },
                new { role = "user", content = new[] { new { type = "text", text = batch } } },
            },
        });

        var reply = await Batch.SendAsync(http, server.BaseUrl, body);

        Assert.Equal("the", reply.CorrectedText("1"));
        Assert.Equal((Encoding.UTF8.GetByteCount("Fix typos." + batch) + 3) / 4, reply.PromptTokens);
    }
}
