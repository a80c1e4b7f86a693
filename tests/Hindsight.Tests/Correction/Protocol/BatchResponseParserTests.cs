using System.Text.Json;
using Hindsight.Correction.Protocol;

namespace Hindsight.Tests.Correction.Protocol;

public sealed class BatchResponseParserTests
{
    private static readonly string[] SentIds = ["1", "2", "3"];

    [Fact]
    public void An_answer_with_exactly_the_sent_ids_parses()
    {
        var result = BatchResponseParser.Parse(
            """{"corrections":[{"id":"2","corrected":"b"},{"id":"1","corrected":"a"},{"id":"3","corrected":"c"}]}""", SentIds);

        Assert.True(result.Succeeded);
        Assert.Equal("a", result.Corrections["1"]);
        Assert.Equal("c", result.Corrections["3"]);
    }

    [Fact]
    public void An_answer_wrapped_in_a_JSON_fence_parses()
    {
        var result = BatchResponseParser.Parse("```json\n{\"corrections\":[{\"id\":\"1\",\"corrected\":\"a\"}]}\n```", ["1"]);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("""{"corrections":[{"id":"1","corrected":"a"},{"id":"2","corrected":"b"}]}""", "missing id(s) 3")]
    [InlineData("""{"corrections":[{"id":"1","corrected":"a"},{"id":"2","corrected":"b"},{"id":"3","corrected":"c"},{"id":"x","corrected":"d"}]}""", "unexpected id(s) x")]
    [InlineData("""{"corrections":[{"id":"1","corrected":"a"},{"id":"2","corrected":"b"},{"id":"3","corrected":"c"},{"id":"3","corrected":"c"}]}""", "repeated id(s) 3")]
    public void An_id_mismatch_fails_the_whole_batch(string content, string reason)
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
    public void Malformed_content_fails_the_whole_batch(string content)
    {
        var result = BatchResponseParser.Parse(content, ["1"]);

        Assert.False(result.Succeeded);
        Assert.StartsWith("malformed answer", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_user_message_is_the_items_object_with_text_kept_as_typed()
    {
        var content = BatchRequestBuilder.BuildUserContent([new BatchItem("1", "teh ⟦P1⟧ \"quoted\" ça\nline")]);

        using var document = JsonDocument.Parse(content);
        var item = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("1", item.GetProperty("id").GetString());
        Assert.Equal("teh ⟦P1⟧ \"quoted\" ça\nline", item.GetProperty("text").GetString());
        Assert.Contains("⟦P1⟧", content, StringComparison.Ordinal);
    }

    [Fact]
    public void The_prompt_is_versioned_and_asks_for_the_protocol()
    {
        Assert.Equal("typo-fix-v1", CorrectionPrompt.PromptVersion);
        Assert.Contains("\"corrections\"", CorrectionPrompt.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("⟦P1⟧", CorrectionPrompt.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("Do not answer", CorrectionPrompt.SystemPrompt, StringComparison.Ordinal);
    }
}
