using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Destinations.BigQuery;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// The opt-in check against real BigQuery, which cannot be reached where this project is built and tested (so it
/// skips, saying why, unless HINDSIGHT_BIGQUERY_LIVE=1). With it: HINDSIGHT_BIGQUERY_PROJECT, a scratch
/// HINDSIGHT_BIGQUERY_DATASET (its tables are replaced), and Google credentials (GOOGLE_APPLICATION_CREDENTIALS or
/// gcloud's ADC). What it shows that the stand-in cannot: BigQuery accepts the tables, the Parquet, the partition
/// decorators (a day's and <c>$__NULL__</c>) with WRITE_TRUNCATE and the schema update options, and counts the rows
/// the warehouse holds.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PublishBigQueryLiveTests
{
    private const string Session = "99999999-9999-4999-8999-999999999999";

    [Fact]
    public async Task A_publish_into_real_BigQuery_loads_every_partition_with_the_warehouses_row_counts_and_a_second_makes_no_job()
    {
        if (Environment.GetEnvironmentVariable("HINDSIGHT_BIGQUERY_LIVE") != "1")
            Assert.Skip("real BigQuery is opt-in: set HINDSIGHT_BIGQUERY_LIVE=1, HINDSIGHT_BIGQUERY_PROJECT, a scratch HINDSIGHT_BIGQUERY_DATASET and Google credentials (it cannot be reached from this project's machines)");
        var project = Environment.GetEnvironmentVariable("HINDSIGHT_BIGQUERY_PROJECT") ?? throw new InvalidOperationException("HINDSIGHT_BIGQUERY_PROJECT is not set");
        var dataset = Environment.GetEnvironmentVariable("HINDSIGHT_BIGQUERY_DATASET") ?? throw new InvalidOperationException("HINDSIGHT_BIGQUERY_DATASET is not set");
        using var dir = new TempDirectory();
        // A session on one day, and a line without a timestamp (BigQuery's NULL partition).
        dir.Write($"projects/-home-ana-live/{Session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("live-u1", "fix teh live test", Session),
            TranscriptLines.Assistant("live-a1", "msg_live", "req_live", TranscriptLines.Text("fixed"), session: Session),
            TranscriptLines.User("live-u2", "and the docs", Session, parent: "live-a1").Replace(",\"timestamp\":\"2026-02-03T10:00:00.000Z\"", "", StringComparison.Ordinal)));
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] publish = ["publish", "bigquery", "--db", db, "--project", project, "--dataset", dataset, "--machine-id", "live-test", "--json"];

        var first = await HindsightCli.RunAsync(publish);
        var second = await HindsightCli.RunAsync(publish);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM publish_loads WHERE state = 'done' AND output_rows IS DISTINCT FROM row_count"));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(0, second.Json["jobs"]!.GetValue<int>());
        var (credential, error) = await BigQueryCredentials.ResolveAsync(null, Environment.GetEnvironmentVariable, TestContext.Current.CancellationToken);
        Assert.True(credential is not null, error);
        long messages = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages");
        Assert.Equal(messages, await CountAsync(project, $"SELECT count(*) FROM `{project}.{dataset}.messages`", BigQueryCredentials.Tokens(credential)));
    }

    /// <summary>jobs.query on Google's endpoint: the one value of a count.</summary>
    private static async Task<long> CountAsync(string project, string sql, Func<CancellationToken, Task<string>> token)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BigQueryClient.GoogleEndpoint, $"bigquery/v2/projects/{Uri.EscapeDataString(project)}/queries"))
        {
            Content = new StringContent(new JsonObject { ["query"] = sql, ["useLegacySql"] = false }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token(ct));
        using var response = await http.SendAsync(request, ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return long.Parse(body["rows"]![0]!["f"]![0]!["v"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }
}
