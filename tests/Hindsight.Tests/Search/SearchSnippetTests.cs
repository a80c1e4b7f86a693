using Hindsight.Search;

namespace Hindsight.Tests.Search;

public sealed class SearchSnippetTests
{
    [Fact]
    public void Flattening_puts_a_text_on_one_line_and_removes_the_highlight_markers()
    {
        var flat = SearchSnippet.Flatten("  first line\r\n\tsecond\u001b[31m red \uE000x\uE001  \n");

        Assert.Equal("first line second [31m red x", flat);
    }

    [Fact]
    public void A_marked_fragment_becomes_plain_text_with_the_ranges_of_its_matches()
    {
        var snippet = SearchSnippet.FromMarked("the \uE000zebra\uE001 and the \uE000crossing\uE001.");

        Assert.Equal("the zebra and the crossing.", snippet.Text);
        Assert.Equal([new SnippetMatch(4, 5), new SnippetMatch(18, 8)], snippet.Matches);
    }

    [Fact]
    public void An_index_lives_in_a_folder_beside_its_warehouse_named_after_it()
    {
        Assert.Equal("/data/h/hindsight.search", SearchIndexLocation.ForDatabase("/data/h/hindsight.duckdb"));
        Assert.Equal("/data/h/other.search", SearchIndexLocation.ForDatabase("/data/h/other.duckdb"));
    }

    [Fact]
    public void A_long_text_is_cut_to_the_indexed_length_never_inside_a_surrogate_pair()
    {
        var plain = new string('a', SearchIndexUpkeep.MaxIndexedChars + 10);
        var split = new string('a', SearchIndexUpkeep.MaxIndexedChars - 1) + "😀tail";

        Assert.Equal(SearchIndexUpkeep.MaxIndexedChars, SearchIndexUpkeep.Bounded(plain).Length);
        Assert.Equal(SearchIndexUpkeep.MaxIndexedChars - 1, SearchIndexUpkeep.Bounded(split).Length);
        Assert.Equal("short", SearchIndexUpkeep.Bounded("short"));
    }
}
