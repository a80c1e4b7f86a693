using Hindsight.Reports.Html;

namespace Hindsight.Tests.Reports.Html;

public sealed class PromptDiffTests
{
    [Fact]
    public void Only_the_changed_words_are_marked_removed_and_added()
    {
        Assert.Equal("<del>pleese</del><ins>please</ins> fix <del>teh</del><ins>the</ins> test",
            PromptDiff.ToHtml("pleese fix teh test", "please fix the test"));
    }

    [Fact]
    public void Markup_typed_in_a_prompt_is_escaped_on_both_sides_of_the_diff()
    {
        var html = PromptDiff.ToHtml("see <img src=http://x/a.png> teh", "see <img src=http://x/a.png> the");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
        Assert.EndsWith("<del>teh</del><ins>the</ins>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unchanged_prompt_comes_back_whole_with_no_marks()
    {
        Assert.Equal("all  good\nhere", PromptDiff.ToHtml("all  good\nhere", "all  good\nhere"));
    }
}
