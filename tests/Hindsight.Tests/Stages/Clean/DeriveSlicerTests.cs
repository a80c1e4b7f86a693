using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>Stage 2's derivation slices: changed files in storage order grouped by their records, a file never split.</summary>
public sealed class DeriveSlicerTests
{
    private static List<List<string>> Cut(long recordsPerSlice, params (string File, long Records)[] files) =>
        DeriveSlicer.Cut(files.Select(f => new DerivedFiles.ChangedFile(f.File, f.Records, f.Records == 0 ? null : "sig")), recordsPerSlice)
            .Select(slice => slice.Select(f => f.FileId).ToList()).ToList();

    [Fact]
    public void Files_join_a_slice_until_it_holds_the_record_count_and_a_file_is_never_split()
    {
        Assert.Equal([["a", "b", "c"], ["d"], ["e"]], Cut(100, ("a", 40), ("b", 40), ("c", 40), ("d", 500), ("e", 1)));
    }

    [Fact]
    public void A_slice_that_reaches_the_record_count_exactly_is_closed()
    {
        Assert.Equal([["a", "b"], ["c"]], Cut(100, ("a", 50), ("b", 50), ("c", 1)));
    }

    [Fact]
    public void A_file_with_no_records_left_still_counts_as_one_record()
    {
        Assert.Equal([["a", "b"], ["c"]], Cut(2, ("a", 0), ("b", 0), ("c", 0)));
    }

    [Fact]
    public void The_files_keep_the_order_they_were_given_in()
    {
        Assert.Equal([["z", "a", "m"]], Cut(1000, ("z", 1), ("a", 1), ("m", 1)));
    }

    [Fact]
    public void No_changed_files_give_no_slices()
    {
        Assert.Empty(Cut(100));
    }
}
