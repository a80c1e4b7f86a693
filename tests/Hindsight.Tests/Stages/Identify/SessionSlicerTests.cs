using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>Stage 3's slices: sessions in id order grouped by their message rows, never split, rows without a session first.</summary>
public sealed class SessionSlicerTests
{
    private static List<(string? First, string? Last, bool WithoutSession)> Cut(long rowsPerSlice, params (string? Session, long Rows)[] sessions) =>
        SessionSlicer.Cut(sessions, rowsPerSlice).Select(s => (s.First, s.Last, s.WithoutSession)).ToList();

    [Fact]
    public void Sessions_join_a_slice_until_it_holds_the_row_count_and_a_session_is_never_split()
    {
        var slices = Cut(10, ("a", 4), ("b", 4), ("c", 4), ("d", 20), ("e", 1));

        Assert.Equal([("a", "c", false), ("d", "d", false), ("e", "e", false)], slices);
    }

    [Fact]
    public void A_slice_that_reaches_the_row_count_exactly_is_closed()
    {
        Assert.Equal([("a", "b", false), ("c", "c", false)], Cut(10, ("a", 5), ("b", 5), ("c", 1)));
    }

    [Fact]
    public void Rows_without_a_session_id_open_the_first_slice_which_takes_the_sessions_after_them()
    {
        Assert.Equal([("a", "b", true), ("c", "c", false)], Cut(10, (null, 50), ("a", 3), ("b", 7), ("c", 1)));
    }

    [Fact]
    public void Rows_without_a_session_id_alone_make_one_slice_without_a_session_range()
    {
        Assert.Equal([(null, null, true)], Cut(10, (null, 3)));
    }

    [Fact]
    public void A_session_with_no_rows_left_still_counts_as_one_row()
    {
        Assert.Equal([("a", "b", false), ("c", "c", false)], Cut(2, ("a", 0), ("b", 0), ("c", 0)));
    }

    [Fact]
    public void No_sessions_give_no_slices()
    {
        Assert.Empty(Cut(10));
    }
}
