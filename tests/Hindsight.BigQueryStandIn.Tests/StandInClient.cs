using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Google.Apis.Auth.OAuth2;

namespace Hindsight.BigQueryStandIn.Tests;

/// <summary>
/// A client of the stand-in as a loader would be: its token obtained by Google's own credential code from the key
/// file the stand-in wrote (so the file's token_uri is honoured), then plain HTTP on BigQuery's paths.
/// </summary>
internal sealed class StandInClient : IDisposable
{
    public const string Project = "standin-project";

    private StandInClient(StandInServer server, string token)
    {
        Server = server;
        Token = token;
        Http = new HttpClient { BaseAddress = server.BaseUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public StandInServer Server { get; }
    public string Token { get; }
    public HttpClient Http { get; }

    public static async Task<StandInClient> ConnectAsync(StandInServer server)
    {
        var credential = (await CredentialFactory.FromFileAsync<ServiceAccountCredential>(server.ServiceAccountPath, TestContext.Current.CancellationToken))
            .ToGoogleCredential().CreateScoped("https://www.googleapis.com/auth/bigquery");
        var token = await credential.UnderlyingCredential.GetAccessTokenForRequestAsync(cancellationToken: TestContext.Current.CancellationToken);
        return new StandInClient(server, token);
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, string.IsNullOrEmpty(text) ? [] : JsonNode.Parse(text)!.AsObject());
    }

    public async Task CreateDatasetAndTableAsync(string dataset, string table)
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{Project}/datasets",
            new JsonObject { ["datasetReference"] = new JsonObject { ["datasetId"] = dataset } })).Status);
        var created = await SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{Project}/datasets/{dataset}/tables", new JsonObject
        {
            ["tableReference"] = new JsonObject { ["tableId"] = table },
            ["schema"] = Schema(),
            ["timePartitioning"] = new JsonObject { ["type"] = "DAY", ["field"] = "ts" },
            ["clustering"] = new JsonObject { ["fields"] = new JsonArray("session_id") },
        });
        Assert.True(created.Status == HttpStatusCode.OK, created.Body.ToJsonString());
    }

    public static JsonObject Schema(bool withExtra = false)
    {
        var fields = new JsonArray(
            new JsonObject { ["name"] = "id", ["type"] = "INTEGER", ["mode"] = "REQUIRED" },
            new JsonObject { ["name"] = "session_id", ["type"] = "STRING" },
            new JsonObject { ["name"] = "ts", ["type"] = "TIMESTAMP" });
        if (withExtra) fields.Add(new JsonObject { ["name"] = "agent", ["type"] = "STRING" });
        return new JsonObject { ["fields"] = fields };
    }

    /// <summary>A Parquet file of rows (id, session_id, ts) written by DuckDB, ids from <paramref name="first"/>, all on <paramref name="day"/>.</summary>
    public static async Task<string> ParquetAsync(TempDirectory dir, string name, int first, int count, string day, bool withAgent = false)
    {
        var path = dir.Combine(name);
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            COPY (SELECT i::BIGINT AS id, 'session-' || (i % 3) AS session_id, TIMESTAMPTZ '{day} 10:00:00+00' + INTERVAL (i) SECOND AS ts
                  {(withAgent ? ", 'codex' AS agent" : "")}
                  FROM range({first}, {first + count}) r(i)) TO '{path}' (FORMAT parquet)
            """;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return path;
    }

    public static JsonObject LoadJob(string jobId, string dataset, string tableId, string write, bool allowAddition = false, JsonObject? schema = null)
    {
        var load = new JsonObject
        {
            ["destinationTable"] = new JsonObject { ["projectId"] = Project, ["datasetId"] = dataset, ["tableId"] = tableId },
            ["sourceFormat"] = "PARQUET",
            ["writeDisposition"] = write,
            ["createDisposition"] = "CREATE_NEVER",
            ["schema"] = schema ?? Schema(),
        };
        if (allowAddition) load["schemaUpdateOptions"] = new JsonArray("ALLOW_FIELD_ADDITION");
        return new JsonObject
        {
            ["jobReference"] = new JsonObject { ["projectId"] = Project, ["jobId"] = jobId },
            ["configuration"] = new JsonObject { ["load"] = load },
        };
    }

    /// <summary>jobs.insert as a multipart upload: the job and the file in one multipart/related body.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> MultipartAsync(JsonObject job, string file)
    {
        using var content = new MultipartContent("related");
        content.Add(new StringContent(job.ToJsonString(), Encoding.UTF8, "application/json"));
        var media = new ByteArrayContent(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        media.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(media);
        using var response = await Http.PostAsync($"upload/bigquery/v2/projects/{Project}/jobs?uploadType=multipart", content, TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject());
    }

    /// <summary>jobs.insert as a resumable upload in chunks; a dropped chunk is resumed from what the server says it holds.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body, int Dropped)> ResumableAsync(JsonObject job, string file, int chunk)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"upload/bigquery/v2/projects/{Project}/jobs?uploadType=resumable")
        {
            Content = new StringContent(job.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var started = await Http.SendAsync(start, TestContext.Current.CancellationToken);
        if (started.StatusCode != HttpStatusCode.OK)
            return (started.StatusCode, JsonNode.Parse(await started.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject(), 0);
        var session = started.Headers.Location!;
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        long offset = 0;
        int dropped = 0;
        while (true)
        {
            int length = (int)Math.Min(chunk, bytes.Length - offset);
            bool last = offset + length == bytes.Length;
            using var put = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(bytes, (int)offset, length) };
            put.Content.Headers.ContentRange = last ? new ContentRangeHeaderValue(offset, offset + length - 1, bytes.Length) : new ContentRangeHeaderValue(offset, offset + length - 1);
            HttpResponseMessage response;
            try
            {
                response = await Http.SendAsync(put, TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException)
            {
                dropped++;
                offset = await ReceivedAsync(session, bytes.Length);
                continue;
            }
            using (response)
            {
                if ((int)response.StatusCode == 308)
                {
                    offset = response.Headers.TryGetValues("Range", out var range) ? long.Parse(range.Single().Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) + 1 : 0;
                    continue;
                }
                return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject(), dropped);
            }
        }
    }

    /// <summary>How many bytes the server holds of a resumable upload (<c>Content-Range: bytes */TOTAL</c>).</summary>
    private async Task<long> ReceivedAsync(Uri session, long total)
    {
        using var ask = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent([]) };
        ask.Content.Headers.TryAddWithoutValidation("Content-Range", $"bytes */{total}");
        using var response = await Http.SendAsync(ask, TestContext.Current.CancellationToken);
        Assert.Equal(308, (int)response.StatusCode);
        return response.Headers.TryGetValues("Range", out var range) ? long.Parse(range.Single().Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) + 1 : 0;
    }

    /// <summary>jobs.get until DONE; the states seen on the way.</summary>
    public async Task<(JsonObject Job, List<string> States)> PollAsync(string jobId)
    {
        var states = new List<string>();
        for (int i = 0; i < 100; i++)
        {
            var (_, job) = await SendAsync(HttpMethod.Get, $"bigquery/v2/projects/{Project}/jobs/{jobId}");
            var state = job["status"]!["state"]!.GetValue<string>();
            states.Add(state);
            if (state == "DONE") return (job, states);
        }
        throw new InvalidOperationException("the job never finished");
    }

    public void Dispose() => Http.Dispose();
}
