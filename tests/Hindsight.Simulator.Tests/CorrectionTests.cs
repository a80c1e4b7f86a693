using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Sampling;
using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class CorrectionTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Corrects_every_misspelling_in_the_typo_table()
    {
        var table = await TypoTable.LoadEmbeddedAsync(Cancellation);
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl,
            Batch.Body(table.Corrections.Keys.Select(typo => (typo, $"please look at {typo} again")), responseFormat: null));

        Assert.Equal(200, reply.Status);
        Assert.True(table.Corrections.Count >= 50, "the shared typo table should not be nearly empty");
        foreach (var (typo, correction) in table.Corrections)
        {
            Assert.Equal($"please look at {correction} again", reply.CorrectedText(typo));
        }
    }

    [Theory]
    [InlineData("Teh end", "The end")]
    [InlineData("teh end", "the end")]
    [InlineData("TEH end", "The end")]
    [InlineData("Recieve it", "Receive it")]
    [InlineData("im here", "I'm here")]
    [InlineData("Im here", "I'm here")]
    [InlineData("Alot of it", "A lot of it")]
    public async Task Keeps_an_upper_case_first_letter_and_otherwise_spells_as_the_table(string text, string expected)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", text)));

        Assert.Equal(expected, reply.CorrectedText("1"));
    }

    [Theory]
    [InlineData("tehran is far")]
    [InlineData("pteh and tehs")]
    [InlineData("teh2 or my_teh")]
    public async Task Leaves_words_that_only_contain_a_misspelling_alone(string text)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", text)));

        Assert.Equal(text, reply.CorrectedText("1"));
    }

    [Fact]
    public async Task Never_touches_placeholders()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();
        const string text = "teh ⟦P1⟧ wich ⟦P12⟧teh⟦P3⟧ and ⟦P1⟧";

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", text)));

        Assert.Equal("the ⟦P1⟧ which ⟦P12⟧the⟦P3⟧ and ⟦P1⟧", reply.CorrectedText("1"));
        Assert.Equal(Placeholder.In(text), Placeholder.In(reply.CorrectedText("1")));
    }

    [Fact]
    public async Task Answers_the_items_in_the_order_they_were_sent()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();
        (string, string)[] items = [("c", "one"), ("a", "two"), ("b", "three")];

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(items));

        Assert.Equal(["c", "a", "b"], reply.Corrections.Select(item => item.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"type":"text"}""")]
    [InlineData("""{"type":"json_object"}""")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"corrections","strict":true,"schema":{"type":"object"}}}""")]
    public async Task Answers_JSON_content_whatever_the_response_format(string? responseFormat)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions(), Cancellation);
        using var http = new HttpClient();
        var format = responseFormat is null ? null : JsonNode.Parse(responseFormat)!.AsObject();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body([("1", "teh")], format));

        Assert.Equal(200, reply.Status);
        using var content = JsonDocument.Parse(reply.Content);
        Assert.Equal(JsonValueKind.Array, content.RootElement.GetProperty("corrections").ValueKind);
    }
}
