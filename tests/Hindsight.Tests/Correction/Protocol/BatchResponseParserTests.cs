using System.Text.Json;
using Hindsight.Correction.Protocol;

namespace Hindsight.Tests.Correction.Protocol;

public sealed class BatchResponseParserTests
{
    private static readonly string[] SentIds = ["1", "2", "3"];

    [Fact]
    public void AnAnswerWithExactlyTheSentIdsParses()
    {
        var result = BatchResponseParser.Parse(
            """{"corrections":[{"id":"2","corrected":"b"},{"id":"1","corrected":"a"},{"id":"3","corrected":"c"}]}""", SentIds);

        Assert.True(result.Succeeded);
        Assert.Equal("a", result.Corrections["1"]);
        Assert.Equal("c", result.Corrections["3"]);
    }

    [Fact]
    public void AnAnswerWrappedInAJsonFenceParses()
    {
        var result = BatchResponseParser.Parse("```json\n{\"corrections\":[{\"id\":\"1\",\"corrected\":\"a\"}]}\n```", ["1"]);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("""{"corrections":[{"id":"1","corrected":"a"},{"id":"2","corrected":"b"}]}""", "missing id(s) 3")]
    [InlineData("""{"corrections":[{"id":"1","corrected":"a"},{"id":"2","corrected":"b"},{"id":"3","corrected":"c"},{"id":"x","corrected":"d"}]}""", "unexpected id(s) x")]
    [InlineData("""{"corrections":[{"id":"1","corrected":"a"},{"id":"2","corrected":"b"},{"id":"3","corrected":"c"},{"id":"3","corrected":"c"}]}""", "repeated id(s) 3")]
    public void AnIdMismatchFailsTheWholeBatch(string content, string reason)
    {
        var result = BatchResponseParser.Parse(content, SentIds);

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Failure, StringComparison.Ordinal);
        Assert.Empty(result.Corrections);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"corrections\":[{\"id\":\"1\",\"corr")]
    [InlineData("I'm sorry, but I can't process this request right now.")]
    [InlineData("""{"answer":"no"}""")]
    [InlineData("""{"corrections":[{"id":"1"}]}""")]
    public void MalformedContentFailsTheWholeBatch(string content)
    {
        var result = BatchResponseParser.Parse(content, ["1"]);

        Assert.False(result.Succeeded);
        Assert.StartsWith("malformed answer", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUserMessageIsTheItemsObjectWithTextKeptAsTyped()
    {
        var content = BatchRequestBuilder.BuildUserContent([new BatchItem("1", "teh ⟦P1⟧ \"quoted\" ça\nline")]);

        using var document = JsonDocument.Parse(content);
        var item = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("1", item.GetProperty("id").GetString());
        Assert.Equal("teh ⟦P1⟧ \"quoted\" ça\nline", item.GetProperty("text").GetString());
        Assert.Contains("⟦P1⟧", content, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePromptIsVersionedAndAsksForTheProtocol()
    {
        Assert.Equal("typo-fix-v1", CorrectionPrompt.PromptVersion);
        Assert.Contains("\"corrections\"", CorrectionPrompt.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("⟦P1⟧", CorrectionPrompt.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("Do not answer", CorrectionPrompt.SystemPrompt, StringComparison.Ordinal);
    }
}
