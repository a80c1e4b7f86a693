using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// Stage 2's classification slices: small files grouped whole within both bounds (new records and bytes), a file past
/// either bound cut by its lines on its own, where it stands.
/// </summary>
public sealed class ClassificationSlicingTests
{
    private static readonly CleaningSlices Bounds = new(ClassifyRecords: 100, DeriveRecords: 1_000, ClassifyBytes: 1_000);

    private static List<(string Files, bool CutByLines)> Plan(params (string File, long Pending, long Bytes)[] files) =>
        ClassificationSlicing.Plan(files.Select(f => new ClassificationSlicing.PendingFile(f.File, f.Pending, f.Bytes)), Bounds)
            .Select(step => (string.Join(",", step.Files), step.CutByLines)).ToList();

    [Fact]
    public void Small_files_are_grouped_until_the_next_would_take_the_group_past_the_record_bound()
    {
        Assert.Equal([("a,b", false), ("c", false)], Plan(("a", 50, 10), ("b", 50, 10), ("c", 1, 10)));
    }

    [Fact]
    public void Small_files_are_grouped_until_the_next_would_take_the_group_past_the_byte_bound()
    {
        Assert.Equal([("a", false), ("b,c", false)], Plan(("a", 1, 600), ("b", 1, 500), ("c", 1, 500)));
    }

    [Theory]
    [InlineData(101L, 10L)]
    [InlineData(1L, 1_001L)]
    public void A_file_past_either_bound_is_cut_by_its_lines_on_its_own(long pending, long bytes)
    {
        Assert.Equal([("big", true)], Plan(("big", pending, bytes)));
    }

    [Fact]
    public void A_file_exactly_at_both_bounds_is_classified_whole()
    {
        Assert.Equal([("full", false)], Plan(("full", 100, 1_000)));
    }

    [Fact]
    public void A_large_file_is_cut_where_it_stands_and_the_group_around_it_goes_on()
    {
        Assert.Equal([("big", true), ("a,c", false)], Plan(("a", 10, 10), ("big", 500, 10), ("c", 10, 10)));
    }

    [Fact]
    public void No_pending_files_give_no_slices()
    {
        Assert.Empty(Plan());
    }
}
