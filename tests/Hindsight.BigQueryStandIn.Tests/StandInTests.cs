using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.BigQueryStandIn.Tests;

/// <summary>
/// The BigQuery stand-in as a loader meets it: tokens from its key file through Google's credential code, media
/// uploads, jobs moving to DONE, day partitions replaced exactly, faults, and nothing secret in its request log.
/// </summary>
/// <remarks>In-process servers, as the LLM simulator's tests: not in the slow category.</remarks>
public sealed class StandInTests
{
    private const string Dataset = "hindsight";
    private static string Jobs => $"bigquery/v2/projects/{StandInClient.Project}/jobs";

    private static Task<StandInServer> StartAsync(TempDirectory dir, int runningPolls = 1) =>
        StandInServer.StartAsync(new StandInOptions { StateDirectory = dir.Combine("standin"), RunningPolls = runningPolls }, TestContext.Current.CancellationToken);

    /// <summary>A stand-in with a client holding a token, and the day-partitioned table <c>hindsight.events</c>.</summary>
    private static async Task<Arranged> ArrangeAsync(int runningPolls = 1)
    {
        var dir = new TempDirectory();
        var server = await StartAsync(dir, runningPolls);
        var client = await StandInClient.ConnectAsync(server);
        await client.CreateDatasetAndTableAsync(Dataset, "events");
        return new Arranged(dir, server, client);
    }

    private sealed record Arranged(TempDirectory Dir, StandInServer Server, StandInClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Server.DisposeAsync();
            Dir.Dispose();
        }
    }

    private static async Task<long> CountAsync(StandInServer server, string where = "true") =>
        long.Parse((await server.QueryAsync($"SELECT count(*) FROM `{StandInClient.Project}.{Dataset}.events` WHERE {where}", TestContext.Current.CancellationToken))[0][0]!,
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_token_from_Googles_credential_code_and_the_key_file_opens_the_api_and_no_other_token_does()
    {
        using var dir = new TempDirectory();
        await using var server = await StartAsync(dir);
        using var client = await StandInClient.ConnectAsync(server);
        using var anonymous = new HttpClient { BaseAddress = server.BaseUrl };
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "ya29.not-issued-here");

        var missing = await client.SendAsync(HttpMethod.Get, $"bigquery/v2/projects/{StandInClient.Project}/datasets/{Dataset}");
        using var refused = await anonymous.GetAsync($"bigquery/v2/projects/{StandInClient.Project}/datasets/{Dataset}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("notFound", missing.Body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(client.Token, server.Account.IssuedTokens);
    }

    [Fact]
    public async Task A_day_loaded_with_WRITE_TRUNCATE_on_its_partition_decorator_replaces_exactly_that_day()
    {
        await using var arranged = await ArrangeAsync(runningPolls: 2);
        var (dir, server, client) = arranged;
        var monday = await StandInClient.ParquetAsync(dir, "mon.parquet", 0, 500, "2026-02-02");
        var tuesday = await StandInClient.ParquetAsync(dir, "tue.parquet", 1000, 300, "2026-02-03");
        var mondayAgain = await StandInClient.ParquetAsync(dir, "mon2.parquet", 5000, 40, "2026-02-02");

        var first = await client.MultipartAsync(StandInClient.LoadJob("load-mon", Dataset, "events$20260202", "WRITE_TRUNCATE"), monday);
        var (firstDone, states) = await client.PollAsync("load-mon");
        var second = await client.ResumableAsync(StandInClient.LoadJob("load-tue", Dataset, "events$20260203", "WRITE_TRUNCATE"), tuesday, chunk: 1024);
        await client.PollAsync("load-tue");
        var third = await client.ResumableAsync(StandInClient.LoadJob("load-mon-2", Dataset, "events$20260202", "WRITE_TRUNCATE"), mondayAgain, chunk: 256 * 1024);
        var (thirdDone, _) = await client.PollAsync("load-mon-2");

        Assert.True(first.Status == HttpStatusCode.OK, first.Body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Equal(["RUNNING", "RUNNING", "RUNNING", "DONE"], states);
        Assert.Equal("500", firstDone["statistics"]!["load"]!["outputRows"]!.GetValue<string>());
        Assert.Equal("40", thirdDone["statistics"]!["load"]!["outputRows"]!.GetValue<string>());
        Assert.Equal(40, await CountAsync(server, "CAST(ts AS DATE) = DATE '2026-02-02'"));
        Assert.Equal(300, await CountAsync(server, "CAST(ts AS DATE) = DATE '2026-02-03'"));
        Assert.Equal(340, await CountAsync(server));
    }

    [Fact]
    public async Task A_job_id_used_twice_is_a_409_duplicate_and_the_rows_are_loaded_once()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        var file = await StandInClient.ParquetAsync(dir, "rows.parquet", 0, 10, "2026-02-02");

        var first = await client.MultipartAsync(StandInClient.LoadJob("same-id", Dataset, "events", "WRITE_APPEND"), file);
        var again = await client.MultipartAsync(StandInClient.LoadJob("same-id", Dataset, "events", "WRITE_APPEND"), file);
        var resumed = await client.ResumableAsync(StandInClient.LoadJob("same-id", Dataset, "events", "WRITE_APPEND"), file, chunk: 1 << 20);
        await client.PollAsync("same-id");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("duplicate", again.Body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, resumed.Status);
        Assert.Equal(10, await CountAsync(server));
    }

    [Fact]
    public async Task Injected_job_faults_end_the_job_with_their_reason_and_load_nothing()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        var file = await StandInClient.ParquetAsync(dir, "rows.parquet", 0, 10, "2026-02-02");
        using var control = new HttpClient { BaseAddress = server.BaseUrl };
        using var queued = await control.PostAsync("standin/faults", new StringContent("""{"kind":"backendError"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        server.Faults.Add(new Fault("quotaExceeded", Table: "events"));

        await client.MultipartAsync(StandInClient.LoadJob("transient", Dataset, "events", "WRITE_APPEND"), file);
        var (transient, _) = await client.PollAsync("transient");
        await client.MultipartAsync(StandInClient.LoadJob("quota", Dataset, "events", "WRITE_APPEND"), file);
        var (quota, _) = await client.PollAsync("quota");
        await client.MultipartAsync(StandInClient.LoadJob("fine", Dataset, "events", "WRITE_APPEND"), file);
        var (fine, _) = await client.PollAsync("fine");

        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Equal("backendError", transient["status"]!["errorResult"]!["reason"]!.GetValue<string>());
        Assert.Equal("quotaExceeded", quota["status"]!["errorResult"]!["reason"]!.GetValue<string>());
        Assert.Null(fine["status"]!["errorResult"]);
        Assert.Equal(10, await CountAsync(server));
    }

    [Fact]
    public async Task A_chunk_whose_connection_drops_is_resumed_from_the_range_the_stand_in_holds()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        var file = await StandInClient.ParquetAsync(dir, "rows.parquet", 0, 2000, "2026-02-02");
        server.Faults.Add(new Fault(Fault.DropUpload));

        var upload = await client.ResumableAsync(StandInClient.LoadJob("dropped", Dataset, "events$20260202", "WRITE_TRUNCATE"), file, chunk: 2048);
        var (done, _) = await client.PollAsync("dropped");

        Assert.Equal(HttpStatusCode.OK, upload.Status);
        Assert.Equal(1, upload.Dropped);
        Assert.Equal("2000", done["statistics"]!["load"]!["outputRows"]!.GetValue<string>());
        Assert.Equal(2000, await CountAsync(server));
    }

    [Fact]
    public async Task A_row_outside_the_decorators_day_fails_the_load_as_invalid()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        var file = await StandInClient.ParquetAsync(dir, "rows.parquet", 0, 10, "2026-02-02");

        await client.MultipartAsync(StandInClient.LoadJob("wrong-day", Dataset, "events$20260203", "WRITE_TRUNCATE"), file);
        var (job, _) = await client.PollAsync("wrong-day");

        Assert.Equal("invalid", job["status"]!["errorResult"]!["reason"]!.GetValue<string>());
        Assert.Contains("destination partition 20260203", job["status"]!["errorResult"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(server));
    }

    [Fact]
    public async Task A_new_column_is_added_only_when_the_load_allows_field_addition()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        var file = await StandInClient.ParquetAsync(dir, "rows.parquet", 0, 10, "2026-02-02", withAgent: true);

        await client.MultipartAsync(StandInClient.LoadJob("no-addition", Dataset, "events", "WRITE_APPEND", schema: StandInClient.Schema(withExtra: true)), file);
        var (refused, _) = await client.PollAsync("no-addition");
        await client.MultipartAsync(StandInClient.LoadJob("addition", Dataset, "events", "WRITE_APPEND", allowAddition: true, schema: StandInClient.Schema(withExtra: true)), file);
        var (added, _) = await client.PollAsync("addition");

        Assert.Equal("invalid", refused["status"]!["errorResult"]!["reason"]!.GetValue<string>());
        Assert.Null(added["status"]!["errorResult"]);
        Assert.Equal(10, await CountAsync(server, "agent = 'codex'"));
        Assert.Contains(server.Table(StandInClient.Project, Dataset, "events")["schema"]!["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "agent");
    }

    [Fact]
    public async Task A_REQUIRED_field_made_NULLABLE_by_a_load_is_refused_unless_the_load_allows_field_relaxation()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        var file = await StandInClient.ParquetAsync(dir, "rows.parquet", 0, 10, "2026-02-02");
        static JsonObject Relaxed()
        {
            var schema = StandInClient.Schema();
            schema["fields"]![0]!["mode"] = "NULLABLE";
            return schema;
        }

        await client.MultipartAsync(StandInClient.LoadJob("no-relaxation", Dataset, "events$20260202", "WRITE_TRUNCATE", schema: Relaxed()), file);
        var (refused, _) = await client.PollAsync("no-relaxation");
        var job = StandInClient.LoadJob("relaxation", Dataset, "events$20260202", "WRITE_TRUNCATE", schema: Relaxed());
        job["configuration"]!["load"]!["schemaUpdateOptions"] = new JsonArray("ALLOW_FIELD_RELAXATION");
        await client.MultipartAsync(job, file);
        var (loaded, _) = await client.PollAsync("relaxation");

        Assert.Equal("invalid", refused["status"]!["errorResult"]!["reason"]!.GetValue<string>());
        Assert.Contains("has changed mode from REQUIRED to NULLABLE", refused["status"]!["errorResult"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(loaded["status"]!["errorResult"]);
        Assert.Equal(10, await CountAsync(server));
        Assert.Equal("NULLABLE", server.Table(StandInClient.Project, Dataset, "events")["schema"]!["fields"]![0]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_NULL_partition_decorator_replaces_exactly_the_rows_without_a_partitioning_value_and_a_REQUIRED_field_refuses_nulls()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        await client.MultipartAsync(StandInClient.LoadJob("day", Dataset, "events$20260202", "WRITE_TRUNCATE"), await StandInClient.ParquetAsync(dir, "day.parquet", 0, 10, "2026-02-02"));
        await client.PollAsync("day");
        var undated = await UndatedParquetAsync(dir, "undated.parquet", "i::BIGINT", 5);
        var nullIds = await UndatedParquetAsync(dir, "null-ids.parquet", "NULL::BIGINT", 2);

        await client.MultipartAsync(StandInClient.LoadJob("null-1", Dataset, "events$__NULL__", "WRITE_TRUNCATE"), undated);
        await client.PollAsync("null-1");
        await client.MultipartAsync(StandInClient.LoadJob("null-2", Dataset, "events$__NULL__", "WRITE_TRUNCATE"), undated);
        await client.PollAsync("null-2");
        await client.MultipartAsync(StandInClient.LoadJob("dated-into-null", Dataset, "events$__NULL__", "WRITE_TRUNCATE"), await StandInClient.ParquetAsync(dir, "dated.parquet", 20, 3, "2026-02-03"));
        var (wrongPartition, _) = await client.PollAsync("dated-into-null");
        await client.MultipartAsync(StandInClient.LoadJob("null-ids", Dataset, "events$__NULL__", "WRITE_TRUNCATE"), nullIds);
        var (nullRequired, _) = await client.PollAsync("null-ids");

        Assert.Equal(5, await CountAsync(server, "ts IS NULL"));
        Assert.Equal(10, await CountAsync(server, "ts IS NOT NULL"));
        Assert.Contains("destination partition __NULL__", wrongPartition["status"]!["errorResult"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Required field id cannot be null", nullRequired["status"]!["errorResult"]!["message"]!.GetValue<string>());
    }

    /// <summary>A Parquet file of rows (id, session_id, ts) whose ts is NULL: BigQuery's NULL partition of a table partitioned on ts.</summary>
    private static async Task<string> UndatedParquetAsync(TempDirectory dir, string name, string id, int count)
    {
        var path = dir.Combine(name);
        await using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT {id} AS id, 'session-x' AS session_id, CAST(NULL AS TIMESTAMPTZ) AS ts FROM range({count}) r(i)) TO '{path}' (FORMAT parquet)";
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return path;
    }

    [Fact]
    public async Task A_view_is_recorded_with_its_sql_and_a_secret_version_is_served_while_the_request_log_holds_no_key_or_token()
    {
        await using var arranged = await ArrangeAsync();
        var (dir, server, client) = arranged;
        server.Secrets.Set("projects/p/secrets/gemini/versions/latest", "gemini-key-value");
        const string ViewSql = "SELECT * FROM `standin-project.hindsight.events__*`";

        var view = await client.SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{StandInClient.Project}/datasets/{Dataset}/tables", new JsonObject
        {
            ["tableReference"] = new JsonObject { ["tableId"] = "events_all" },
            ["view"] = new JsonObject { ["query"] = ViewSql, ["useLegacySql"] = false },
        });
        var secret = await client.SendAsync(HttpMethod.Get, "v1/projects/p/secrets/gemini/versions/latest:access");
        var query = await client.SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{StandInClient.Project}/queries", new JsonObject { ["query"] = $"SELECT count(*) AS n FROM `{Dataset}.events`" });

        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal(ViewSql, server.Table(StandInClient.Project, Dataset, "events_all")["view"]!["query"]!.GetValue<string>());
        Assert.Equal("gemini-key-value", Encoding.UTF8.GetString(Convert.FromBase64String(secret.Body["payload"]!["data"]!.GetValue<string>())));
        Assert.Equal("0", query.Body["rows"]![0]!["f"]![0]!["v"]!.GetValue<string>());
        var log = await File.ReadAllTextAsync(server.RequestLogPath, TestContext.Current.CancellationToken);
        Assert.Contains("/token", log, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Token, log, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", log, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Account.PrivateKeyPem.Split('\n')[1], log, StringComparison.Ordinal);
    }
}
