using Hindsight.Search;

namespace Hindsight.Tests.Search;

/// <summary>The search index reads the changed files' documents a slice at a time: the rule that cuts the slices.</summary>
public sealed class SearchIndexSliceTests
{
    [Fact]
    public void Files_keep_their_order_and_a_slice_ends_before_it_would_pass_64_MB()
    {
        const long MB = 1L << 20;
        var files = new (string, long)[] { ("a", 30 * MB), ("b", 30 * MB), ("c", 10 * MB), ("d", 500 * MB), ("e", 1 * MB) };

        var slices = SearchIndexUpkeep.Slices(files).ToList();

        // A file larger than a slice is a slice of its own; every file is in exactly one slice, in order.
        Assert.Equal([["a", "b"], ["c"], ["d"], ["e"]], slices);
    }

    [Fact]
    public void A_slice_holds_at_most_500_files()
    {
        var files = Enumerable.Range(0, 1_201).Select(i => ($"f{i:D4}", 1L));

        var slices = SearchIndexUpkeep.Slices(files).ToList();

        Assert.Equal([500, 500, 201], slices.Select(s => s.Count));
        Assert.Equal(files.Select(f => f.Item1), slices.SelectMany(s => s));
    }

    [Fact]
    public void No_changed_files_make_no_slice() => Assert.Empty(SearchIndexUpkeep.Slices([]));
}
