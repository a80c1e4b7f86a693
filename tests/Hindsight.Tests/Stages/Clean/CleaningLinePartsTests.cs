using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>The pure rules of cutting a file's lines into parts: every line in exactly one part, each part within its bounds.</summary>
public sealed class CleaningLinePartsTests
{
    [Fact]
    public void Contiguous_parts_cover_every_line_number_once_from_the_smallest_to_the_largest()
    {
        var parts = LineParts.Contiguous([new SliceRows.RowRange(3, 5), new SliceRows.RowRange(8, 8), new SliceRows.RowRange(12, 20)]);

        Assert.Equal(
            [new SliceRows.RowRange(long.MinValue, 7), new SliceRows.RowRange(8, 11), new SliceRows.RowRange(12, long.MaxValue)],
            parts);
    }

    [Fact]
    public void A_single_part_covers_every_line_number()
    {
        Assert.Equal([SliceRows.AllLines], LineParts.Contiguous([new SliceRows.RowRange(4, 9)]));
    }

    [Fact]
    public void No_lines_give_no_parts()
    {
        Assert.Empty(LineParts.Contiguous([]));
    }

    [Theory]
    [InlineData(2L, 100L, 1L, 10L, false)] // within both bounds
    [InlineData(2L, 100L, 2L, 10L, true)] // at the line bound
    [InlineData(2L, 100L, 1L, 100L, true)] // at the byte bound
    public void A_part_is_full_once_it_reaches_either_bound(long lineLimit, long byteLimit, long lines, long bytes, bool full)
    {
        Assert.Equal(full, new LineParts.PartFill(lineLimit, byteLimit).Add(lines, bytes).IsFull);
    }

    [Fact]
    public void A_file_that_would_take_a_part_past_a_bound_starts_a_new_one_unless_the_part_is_empty()
    {
        var empty = new LineParts.PartFill(10, 100);

        Assert.False(empty.WouldOverflow(50, 1_000));
        Assert.True(empty.Add(5, 60).WouldOverflow(1, 50));
        Assert.False(empty.Add(5, 60).WouldOverflow(5, 40));
    }
}
