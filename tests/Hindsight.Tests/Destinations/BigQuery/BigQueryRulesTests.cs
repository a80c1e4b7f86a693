using Hindsight.Destinations.BigQuery;

namespace Hindsight.Tests.Destinations.BigQuery;

/// <summary>The pure rules of publish bigquery: column types, clustering, job ids, what each error reason leads to.</summary>
public sealed class BigQueryRulesTests
{
    [Theory]
    [InlineData("VARCHAR", "STRING", "NULLABLE", "\"c\"")]
    [InlineData("INTEGER", "INTEGER", "NULLABLE", "CAST(\"c\" AS BIGINT)")]
    [InlineData("BIGINT", "INTEGER", "NULLABLE", "\"c\"")]
    [InlineData("TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "NULLABLE", "\"c\"")]
    [InlineData("TIMESTAMP", "DATETIME", "NULLABLE", "\"c\"")]
    [InlineData("DECIMAL(18,6)", "NUMERIC", "NULLABLE", "\"c\"")]
    [InlineData("DECIMAL(38,20)", "FLOAT", "NULLABLE", "CAST(\"c\" AS DOUBLE)")]
    [InlineData("VARCHAR[]", "STRING", "REPEATED", "\"c\"")]
    [InlineData("INTEGER[]", "INTEGER", "REPEATED", "CAST(\"c\" AS BIGINT[])")]
    [InlineData("UUID", "STRING", "NULLABLE", "CAST(\"c\" AS VARCHAR)")]
    [InlineData("JSON", "STRING", "NULLABLE", "CAST(\"c\" AS VARCHAR)")]
    [InlineData("HUGEINT", "STRING", "NULLABLE", "CAST(\"c\" AS VARCHAR)")]
    [InlineData("STRUCT(a INTEGER)", "STRING", "NULLABLE", "CAST(\"c\" AS VARCHAR)")]
    [InlineData("VARCHAR[][]", "STRING", "NULLABLE", "CAST(\"c\" AS VARCHAR)")]
    public void A_warehouse_type_becomes_the_BigQuery_type_its_Parquet_value_loads_as(string duckDb, string type, string mode, string select)
    {
        var column = BigQueryColumn.From("c", duckDb);

        Assert.Equal((type, mode, select), (column.Type, column.Mode, column.Select));
    }

    [Fact]
    public void A_table_is_clustered_on_at_most_four_of_the_columns_people_filter_by_in_their_order()
    {
        var columns = new[] { "model", "session_id", "text", "agent", "kind", "project_id", "type" }.Select(n => BigQueryColumn.From(n, "VARCHAR"));

        Assert.Equal(["agent", "project_id", "session_id", "model"], BigQueryColumn.Clustering(columns));
    }

    [Fact]
    public void A_job_id_depends_on_table_partition_machine_rows_and_attempt_only()
    {
        var id = LoadJobIds.For("messages", "2026-02-02", "ana's laptop", "6:1:2", 0);

        Assert.Equal(id, LoadJobIds.For("messages", "2026-02-02", "ana's laptop", "6:1:2", 0));
        Assert.Matches("^hindsight_messages_20260202_ana-s-laptop_[0-9a-f]{24}$", id);
        Assert.Equal(id + "_r2", LoadJobIds.For("messages", "2026-02-02", "ana's laptop", "6:1:2", 2));
        Assert.NotEqual(id, LoadJobIds.For("messages", "2026-02-02", "ana's laptop", "7:1:2", 0));
        Assert.NotEqual(id, LoadJobIds.For("messages", "2026-02-02", "bob", "6:1:2", 0));
        Assert.StartsWith("hindsight_files_whole_", LoadJobIds.For("files", "", "m", "1:2:3", 0), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backendError", LoadReasonKind.Transient)]
    [InlineData("internalError", LoadReasonKind.Transient)]
    [InlineData("rateLimitExceeded", LoadReasonKind.Transient)]
    [InlineData("quotaExceeded", LoadReasonKind.Quota)]
    [InlineData("invalid", LoadReasonKind.Terminal)]
    [InlineData("notFound", LoadReasonKind.Terminal)]
    [InlineData("accessDenied", LoadReasonKind.Terminal)]
    public void Each_error_reason_is_retried_deferred_or_fatal(string reason, LoadReasonKind kind) => Assert.Equal(kind, LoadReasons.Of(reason));

    [Theory]
    [InlineData("standin-project", "hindsight", true)]
    [InlineData("example.com:proj-1", "team_data", true)]
    [InlineData("Proj", "d", false)]
    [InlineData("p", "d`; DROP", false)]
    [InlineData("p", "", false)]
    public void Only_project_and_dataset_ids_BigQuery_accepts_pass(string project, string dataset, bool valid) =>
        Assert.Equal(valid, PublishTarget.IdError(project, dataset) is null);

    [Fact]
    public void A_team_loads_each_machines_own_table_and_its_view_unions_every_machines()
    {
        var team = new PublishTarget("p", "d", null, "desk.top", 10, false, Team: true);

        Assert.Equal("messages__desk_top", team.TableId("messages"));
        Assert.Equal("messages", (team with { Team = false }).TableId("messages"));
        Assert.Equal("SELECT * FROM `p.d.messages__*`", team.TeamViewQuery("messages"));
        Assert.NotEqual(team.Destination, (team with { Team = false }).Destination);
    }
}
