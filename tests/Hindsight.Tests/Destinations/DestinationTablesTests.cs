using Hindsight.Destinations;

namespace Hindsight.Tests.Destinations;

/// <summary>Which tables a destination receives: the named ones, or all but the raw archive unless it is asked for.</summary>
public sealed class DestinationTablesTests
{
    [Fact]
    public void With_no_table_named_every_table_but_the_raw_archive_is_sent()
    {
        var tables = DestinationTables.Select([], includeRaw: false, out var unknown)!;

        Assert.Null(unknown);
        Assert.Equal(["claude_code_stage_4", "messages", "api_calls", "entities", "corrections", "dead_letters", "files", "runs", "run_stages"], tables.Select(t => t.Name));
    }

    [Fact]
    public void Include_raw_adds_records_and_content_blocks()
    {
        var tables = DestinationTables.Select([], includeRaw: true, out _)!;

        Assert.Equal(["records", "content_blocks"], tables.Where(t => t.Raw).Select(t => t.Name));
        Assert.Equal(DestinationTables.All.Count, tables.Count);
    }

    [Fact]
    public void A_named_raw_table_is_sent_without_include_raw_and_an_unknown_name_is_returned()
    {
        Assert.Equal(["records"], DestinationTables.Select(["records"], includeRaw: false, out _)!.Select(t => t.Name));
        Assert.Null(DestinationTables.Select(["messages", "nope"], includeRaw: false, out var unknown));
        Assert.Equal("nope", unknown);
    }

    [Fact]
    public void Tables_without_an_event_day_are_the_small_ones_sent_whole()
    {
        Assert.Equal(["entities", "corrections", "files", "runs", "run_stages"], DestinationTables.All.Where(t => !t.IsPartitioned).Select(t => t.Name));
    }
}
