using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// The few calls of BigQuery's REST API a batch loader needs (the .NET client libraries are not served here), over one
/// HttpClient: datasets and tables get/insert, a load job's resumable media upload, jobs.get. Every request carries the
/// bearer token <paramref name="token"/> gives; it is never logged or put in an error.
/// </summary>
public sealed class BigQueryClient(HttpClient http, Uri endpoint, string project, Func<CancellationToken, Task<string>> token)
{
    /// <summary>Google's own endpoint; <c>--endpoint</c> or HINDSIGHT_BIGQUERY_ENDPOINT replaces it (emulators, the stand-in).</summary>
    public static readonly Uri GoogleEndpoint = new("https://bigquery.googleapis.com/");

    /// <summary>Upload chunks: a multiple of 256 KiB, as the resumable protocol asks.</summary>
    public const int ChunkBytes = 32 * 256 * 1024;

    private const int UploadResumes = 5;

    private string Api => $"bigquery/v2/projects/{Uri.EscapeDataString(project)}";

    public async Task EnsureDatasetAsync(string dataset, string? location, CancellationToken cancellationToken)
    {
        var (status, _) = await SendAsync(HttpMethod.Get, $"{Api}/datasets/{Uri.EscapeDataString(dataset)}", null, cancellationToken, HttpStatusCode.NotFound);
        if (status != HttpStatusCode.NotFound) return;
        var body = new JsonObject { ["datasetReference"] = new JsonObject { ["projectId"] = project, ["datasetId"] = dataset } };
        if (location is not null) body["location"] = location;
        await SendAsync(HttpMethod.Post, $"{Api}/datasets", body, cancellationToken, HttpStatusCode.Conflict);
    }

    /// <summary>The table created with <paramref name="resource"/> when it does not exist yet (a later load adds new columns).</summary>
    public async Task EnsureTableAsync(string dataset, string table, JsonObject resource, CancellationToken cancellationToken)
    {
        var (status, _) = await SendAsync(HttpMethod.Get, $"{Api}/datasets/{Uri.EscapeDataString(dataset)}/tables/{Uri.EscapeDataString(table)}", null, cancellationToken, HttpStatusCode.NotFound);
        if (status != HttpStatusCode.NotFound) return;
        await SendAsync(HttpMethod.Post, $"{Api}/datasets/{Uri.EscapeDataString(dataset)}/tables", resource, cancellationToken, HttpStatusCode.Conflict);
    }

    public async Task<JsonObject> GetJobAsync(string jobId, string? location, CancellationToken cancellationToken)
    {
        var query = location is null ? "" : "?location=" + Uri.EscapeDataString(location);
        return (await SendAsync(HttpMethod.Get, $"{Api}/jobs/{Uri.EscapeDataString(jobId)}{query}", null, cancellationToken)).Body;
    }

    /// <summary>
    /// jobs.insert as a resumable media upload: the job opens a session, then the file goes in chunks; a chunk whose
    /// connection drops is resumed from what the server says it holds. The job as BigQuery answers it; a reused job id
    /// is a <see cref="BigQueryException"/> with reason <c>duplicate</c> (409).
    /// </summary>
    public async Task<JsonObject> InsertLoadJobAsync(JsonObject job, string file, CancellationToken cancellationToken)
    {
        long length = new FileInfo(file).Length;
        using var open = await RequestAsync(HttpMethod.Post, $"upload/{Api}/jobs?uploadType=resumable", cancellationToken);
        open.Content = new StringContent(job.ToJsonString(), Encoding.UTF8, "application/json");
        open.Headers.Add("X-Upload-Content-Type", "application/octet-stream");
        open.Headers.Add("X-Upload-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Uri session;
        using (var opened = await http.SendAsync(open, cancellationToken))
        {
            if (!opened.IsSuccessStatusCode) throw BigQueryException.From(opened.StatusCode, await ReadAsync(opened, cancellationToken));
            session = opened.Headers.Location ?? throw new BigQueryException(opened.StatusCode, "noSession", "The upload was not given a session URI (no Location header).");
        }
        await using var stream = File.OpenRead(file);
        var buffer = new byte[ChunkBytes];
        long offset = 0;
        int resumes = 0;
        while (true)
        {
            stream.Position = offset;
            int read = await stream.ReadAtLeastAsync(buffer, Math.Min(ChunkBytes, (int)Math.Min(int.MaxValue, length - offset)), throwOnEndOfStream: false, cancellationToken);
            HttpResponseMessage response;
            try
            {
                using var chunk = await RequestAsync(HttpMethod.Put, session.ToString(), cancellationToken);
                chunk.Content = new ByteArrayContent(buffer, 0, read);
                chunk.Content.Headers.ContentRange = length == 0 ? new ContentRangeHeaderValue(0) : new ContentRangeHeaderValue(offset, offset + read - 1, length);
                response = await http.SendAsync(chunk, cancellationToken);
            }
            catch (HttpRequestException) when (resumes < UploadResumes && !cancellationToken.IsCancellationRequested)
            {
                resumes++;
                offset = await HeldAsync(session, length, cancellationToken);
                continue;
            }
            using (response)
            {
                if ((int)response.StatusCode == 308)
                {
                    offset = HeldBytes(response);
                    continue;
                }
                var body = await ReadAsync(response, cancellationToken);
                if (!response.IsSuccessStatusCode) throw BigQueryException.From(response.StatusCode, body);
                return body ?? throw new BigQueryException(response.StatusCode, "emptyAnswer", "The upload finished without the job in its answer.");
            }
        }
    }

    /// <summary>After a dropped chunk: asks the session how many bytes it holds (<c>Content-Range: bytes */N</c>).</summary>
    private async Task<long> HeldAsync(Uri session, long length, CancellationToken cancellationToken)
    {
        using var ask = await RequestAsync(HttpMethod.Put, session.ToString(), cancellationToken);
        ask.Content = new ByteArrayContent([]);
        ask.Content.Headers.ContentRange = new ContentRangeHeaderValue(length);
        using var answer = await http.SendAsync(ask, cancellationToken);
        if ((int)answer.StatusCode == 308) return HeldBytes(answer);
        throw BigQueryException.From(answer.StatusCode, await ReadAsync(answer, cancellationToken));
    }

    /// <summary>A 308's <c>Range: bytes=0-N</c>: the next byte to send (0 without the header).</summary>
    private static long HeldBytes(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Range", out var values) && values.FirstOrDefault() is { } range && range.LastIndexOf('-') is var dash and > 0
            ? long.Parse(range[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1
            : 0;

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        using var request = await RequestAsync(method, path, cancellationToken);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await ReadAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode && !accepted.Contains(response.StatusCode)) throw BigQueryException.From(response.StatusCode, answer);
        return (response.StatusCode, answer ?? []);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token(cancellationToken));
        return request;
    }

    private static async Task<JsonObject?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return new JsonObject { ["error"] = new JsonObject { ["message"] = text.Length > 500 ? text[..500] : text } };
        }
    }
}
