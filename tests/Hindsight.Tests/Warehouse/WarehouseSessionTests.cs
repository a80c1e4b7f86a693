using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Warehouse;

/// <summary>The warehouse's session on a real DuckDB file: rows read by column name, typed writers, DuckDB's failures mapped.</summary>
public sealed class WarehouseSessionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Point(string Name, long? Count, DateTimeOffset? At);

    private static readonly TableLayout<Point> Points = new TableLayout<Point>("test_points")
        .Text("name", p => p.Name)
        .BigInt("count", p => p.Count)
        .TimestampTz("at", p => p.At);

    private static Task<Hindsight.Warehouse.Warehouse> OpenAsync(TempDirectory dir) =>
        Hindsight.Warehouse.Warehouse.OpenAsync(dir.Combine("h.duckdb"), new WarehouseOptions(), Cancel);

    [Fact]
    public async Task Rows_written_through_a_layout_come_back_by_column_name_with_their_nulls()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await OpenAsync(dir);
        var session = warehouse.Session;
        await session.ExecuteAsync(Points.CreateTempTableSql, Cancel);
        var at = new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);
        using (var transaction = session.BeginTransaction())
        {
            using (var writer = session.Writer(Points)) writer.AppendAll([new Point("a", 1, at), new Point("b", null, null)]);
            transaction.Commit();
        }

        var read = await session.ReadAsync("SELECT \"at\", count, name FROM test_points ORDER BY name",
            row => new Point(row.GetString("name"), row.GetInt64OrNull("count"), row.GetTimestampOrNull("at")), Cancel);

        Assert.Equal([new Point("a", 1, at), new Point("b", null, null)], read);
    }

    [Fact]
    public async Task A_writer_disposed_without_a_commit_leaves_nothing()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await OpenAsync(dir);
        var session = warehouse.Session;
        await session.ExecuteAsync(Points.CreateTempTableSql, Cancel);
        using (session.BeginTransaction())
        {
            using var writer = session.Writer(Points);
            writer.Append(new Point("a", 1, null));
        }

        Assert.Equal(0L, await session.ScalarAsync<long>("SELECT count(*) FROM test_points", Cancel));
    }

    [Fact]
    public async Task A_column_the_query_does_not_have_is_named_with_the_columns_it_has()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await OpenAsync(dir);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            warehouse.Session.ReadFirstAsync("SELECT 1 AS one, 2 AS two", row => row.GetInt64("three"), Cancel));

        Assert.Equal("the query has no column named three (it has one, two)", error.Message);
    }

    [Fact]
    public async Task A_statement_DuckDB_refuses_is_a_terminal_warehouse_error_with_DuckDBs_message()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await OpenAsync(dir);

        var error = await Assert.ThrowsAsync<WarehouseQueryException>(() => warehouse.Session.ReadAsync("SELECT * FROM no_such_table", row => 0, Cancel));

        Assert.False(error.IsTransient);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.IsType<DuckDBException>(error.InnerException);
    }

    [Fact]
    public async Task A_query_with_no_rows_still_gives_its_column_names()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await OpenAsync(dir);
        int rows = 0;

        var columns = await warehouse.Session.ReadColumnsAndRowsAsync("SELECT 1 AS a, 'x' AS b WHERE false", _ => rows++, Cancel);

        Assert.Equal(["a", "b"], columns);
        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task A_layout_that_disagrees_with_its_table_is_reported_with_both_column_lists()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await OpenAsync(dir);
        await warehouse.Session.ExecuteAsync("CREATE TEMP TABLE test_points (name VARCHAR, \"at\" TIMESTAMPTZ, count BIGINT)", Cancel);

        var drift = await warehouse.Session.LayoutDriftAsync(Points, Cancel);

        Assert.Equal("test_points: the table has (name VARCHAR, at TIMESTAMP WITH TIME ZONE, count BIGINT), "
            + "the layout appends (name VARCHAR, count BIGINT, at TIMESTAMP WITH TIME ZONE)", drift);
    }

    [Theory]
    [InlineData("Points")]
    [InlineData("points; DROP TABLE files")]
    [InlineData("1points")]
    [InlineData("")]
    public void A_layout_accepts_only_plain_lower_case_names(string name)
    {
        Assert.Throws<ArgumentException>(() => new TableLayout<Point>(name));
        Assert.Throws<ArgumentException>(() => new TableLayout<Point>("points").Text(name, p => p.Name));
    }

    [Fact]
    public void A_layout_refuses_a_column_twice()
    {
        var error = Assert.Throws<ArgumentException>(() => Points.Text("name", p => p.Name));

        Assert.StartsWith("test_points already has a column name", error.Message, StringComparison.Ordinal);
    }
}
