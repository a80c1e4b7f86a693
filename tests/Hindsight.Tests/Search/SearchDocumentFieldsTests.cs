using Hindsight.Search;

namespace Hindsight.Tests.Search;

/// <summary>The index writer refills one document per message: each message's fields are its own, none left over from the one before.</summary>
public sealed class SearchDocumentFieldsTests
{
    private static readonly SearchDocument Full = new(
        "file-a", 7, 2, "tool_result", "-home-ana-shop", "session-1", "claude_code",
        DateTimeOffset.Parse("2026-03-01T17:35:11.804Z", System.Globalization.CultureInfo.InvariantCulture), "full text", "corrected text");

    private static readonly SearchDocument Bare = new("file-b", 9, null, "assistant_text", "-srv-app", null, "codex", null, "bare text", null);

    [Fact]
    public void A_message_without_block_session_time_or_correction_has_none_after_one_that_had_them()
    {
        var fields = new SearchDocumentFields();

        var full = fields.Of(Full);
        Assert.Equal(["file", "line", "kind", "project", "agent", "text", "block", "session", "time", "corrected"], full.Fields.Select(f => f.Name));
        Assert.Equal(2, full.GetField(SearchFields.Block).GetInt32Value());
        Assert.Equal(Full.Time!.Value.ToUnixTimeMilliseconds(), full.GetField(SearchFields.Time).GetInt64Value());
        Assert.Equal("corrected text", full.Get(SearchFields.Corrected));

        var bare = fields.Of(Bare);
        Assert.Equal(["file", "line", "kind", "project", "agent", "text"], bare.Fields.Select(f => f.Name));
        Assert.Equal("file-b", bare.Get(SearchFields.File));
        Assert.Equal(9L, bare.GetField(SearchFields.Line).GetInt64Value());
        Assert.Equal("assistant_text", bare.Get(SearchFields.Kind));
        Assert.Equal("-srv-app", bare.Get(SearchFields.Project));
        Assert.Equal("codex", bare.Get(SearchFields.Agent));
        Assert.Equal("bare text", bare.Get(SearchFields.Text));
    }

    [Fact]
    public void A_text_longer_than_the_indexed_bound_is_cut_to_it()
    {
        var text = new string('w', SearchIndexUpkeep.MaxIndexedChars + 5);

        var document = new SearchDocumentFields().Of(Bare with { Text = text, CorrectedText = text });

        Assert.Equal(SearchIndexUpkeep.MaxIndexedChars, document.Get(SearchFields.Text).Length);
        Assert.Equal(SearchIndexUpkeep.MaxIndexedChars, document.Get(SearchFields.Corrected).Length);
    }
}
