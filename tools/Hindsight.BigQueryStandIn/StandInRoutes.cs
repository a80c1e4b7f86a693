using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Hindsight.BigQueryStandIn;

/// <summary>
/// The stand-in's endpoints, matched by path: the token endpoint, BigQuery's datasets, tables, jobs (with media
/// uploads) and queries, Secret Manager's versions:access, and its own control endpoints under <c>/standin/</c>.
/// Every request is logged (<see cref="RequestLog"/>) with its body, upload bytes left out.
/// </summary>
internal sealed partial class StandInRoutes(Func<ServiceAccount> account, TableStore tables, JobStore jobs, PendingFaults faults, SecretStore secrets, RequestLog log)
{
    private const string Api = "/bigquery/v2/projects/";
    private const string UploadApi = "/upload/bigquery/v2/projects/";
    private readonly ConcurrentDictionary<string, UploadSession> _uploads = new(StringComparer.Ordinal);

    [GeneratedRegex("^/v1/projects/([^/]+)/secrets/([^/]+)/versions/([^/:]+):access$")]
    private static partial Regex SecretAccess();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        string? logged = null;
        int status;
        try
        {
            if (path == "/token" && request.Method == "POST")
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                logged = "grant_type=" + form["grant_type"] + "&assertion=<a signed JWT, " + form["assertion"].ToString().Length + " chars>";
                var (token, error) = account().Exchange(form["grant_type"].ToString(), form["assertion"].ToString(), DateTimeOffset.UtcNow);
                status = token is null ? 400 : 200;
                await WriteAsync(context, status, token is null
                    ? new JsonObject { ["error"] = error!.Split(':')[0], ["error_description"] = error }
                    : new JsonObject { ["access_token"] = token, ["expires_in"] = 3600, ["token_type"] = "Bearer" });
            }
            else if (path.StartsWith("/standin/", StringComparison.Ordinal))
            {
                logged = await ReadTextAsync(request, context.RequestAborted);
                status = await ControlAsync(context, path, logged);
            }
            else if (!account().Accepts(request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow))
            {
                throw new BigQueryErrorException(401, "unauthorized", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            }
            else if (SecretAccess().Match(path) is { Success: true } secret)
            {
                var name = $"projects/{secret.Groups[1].Value}/secrets/{secret.Groups[2].Value}/versions/{secret.Groups[3].Value}";
                var value = secrets.Get(name) ?? throw new BigQueryErrorException(404, "notFound", $"Secret [{name}] not found or has no versions.");
                status = 200;
                await WriteAsync(context, 200, new JsonObject
                {
                    ["name"] = name,
                    ["payload"] = new JsonObject { ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
                });
            }
            else if (path.StartsWith(UploadApi, StringComparison.Ordinal))
            {
                (status, logged) = await UploadAsync(context, path[UploadApi.Length..].Split('/'));
            }
            else if (path.StartsWith(Api, StringComparison.Ordinal))
            {
                logged = await ReadTextAsync(request, context.RequestAborted);
                var body = string.IsNullOrWhiteSpace(logged) ? null : JsonNode.Parse(logged)?.AsObject();
                var answer = await ApiAsync(request.Method, path[Api.Length..].Split('/'), body, context.RequestAborted);
                status = 200;
                await WriteAsync(context, status, answer);
            }
            else
            {
                throw BigQueryErrorException.NotFound("URL " + path);
            }
        }
        catch (BigQueryErrorException error)
        {
            status = error.Status;
            await WriteAsync(context, status, error.ToBody());
        }
        catch (JsonException ex)
        {
            status = 400;
            await WriteAsync(context, status, BigQueryErrorException.Invalid("Invalid JSON payload received. " + ex.Message).ToBody());
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            status = 499;
            context.Abort();
        }
        log.Write(request.Method, path + request.QueryString, status, logged);
    }

    private async Task<JsonNode> ApiAsync(string method, string[] parts, JsonObject? body, CancellationToken cancellationToken)
    {
        var project = parts[0];
        switch (method, parts.Length > 1 ? parts[1] : "", parts.Length)
        {
            case ("POST", "datasets", 2):
                return await tables.InsertDatasetAsync(project, body ?? [], cancellationToken);
            case ("GET", "datasets", 3):
                return tables.GetDataset(project, parts[2]);
            case ("POST", "datasets", 4) when parts[3] == "tables":
                return await tables.InsertTableAsync(project, parts[2], body ?? [], cancellationToken);
            case ("GET", "datasets", 4) when parts[3] == "tables":
                return new JsonObject
                {
                    ["kind"] = "bigquery#tableList",
                    ["tables"] = new JsonArray(tables.ListTables(project, parts[2]).Select(t => (JsonNode)new JsonObject
                    {
                        ["id"] = t["id"]!.DeepClone(), ["tableReference"] = t["tableReference"]!.DeepClone(), ["type"] = t["type"]!.DeepClone(),
                    }).ToArray()),
                };
            case ("GET", "datasets", 5) when parts[3] == "tables":
                return tables.GetTable(project, parts[2], parts[4]);
            case ("PATCH" or "PUT", "datasets", 5) when parts[3] == "tables":
                return await tables.PatchTableAsync(project, parts[2], parts[4], body ?? [], cancellationToken);
            case ("POST", "jobs", 2):
                return await jobs.InsertAsync(project, body ?? [], null, cancellationToken);
            case ("GET", "jobs", 3):
                return await jobs.GetAsync(project, parts[2], cancellationToken);
            case ("POST", "queries", 2):
            {
                var sql = body?["query"]?.GetValue<string>() ?? throw BigQueryErrorException.Invalid("A query is required.");
                var job = await jobs.InsertAsync(project, new JsonObject
                {
                    ["jobReference"] = new JsonObject { ["jobId"] = body["requestId"]?.GetValue<string>() ?? "query_" + Guid.NewGuid().ToString("N"), ["location"] = body["location"]?.DeepClone() },
                    ["configuration"] = new JsonObject { ["query"] = new JsonObject { ["query"] = sql, ["useLegacySql"] = false } },
                }, null, cancellationToken);
                var results = jobs.Results(project, job["jobReference"]!["jobId"]!.GetValue<string>());
                results["kind"] = "bigquery#queryResponse";
                return results;
            }
            case ("GET", "queries", 3):
                return jobs.Results(project, parts[2]);
            default:
                throw BigQueryErrorException.NotFound($"{method} {string.Join('/', parts)} is not an endpoint the stand-in models");
        }
    }

    /// <summary>jobs.insert on the upload URI: multipart (the job and the bytes in one body) or resumable (a session, then chunks).</summary>
    private async Task<(int Status, string? Logged)> UploadAsync(HttpContext context, string[] parts)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (parts.Length != 2 || parts[1] != "jobs") throw BigQueryErrorException.NotFound("upload URL " + request.Path);
        var project = parts[0];
        var type = request.Query["uploadType"].ToString();
        if (request.Method == "POST" && type == "multipart")
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value
                           ?? throw BigQueryErrorException.Invalid("A multipart upload needs a boundary.");
            var reader = new MultipartReader(boundary, request.Body);
            var metadata = await reader.ReadNextSectionAsync(cancellationToken) ?? throw BigQueryErrorException.Invalid("No job metadata part.");
            var text = await new StreamReader(metadata.Body, Encoding.UTF8).ReadToEndAsync(cancellationToken);
            var media = await reader.ReadNextSectionAsync(cancellationToken) ?? throw BigQueryErrorException.Invalid("No media part.");
            var file = jobs.NewUploadFile();
            await using (var output = File.Create(file)) await media.Body.CopyToAsync(output, cancellationToken);
            var job = await jobs.InsertAsync(project, JsonNode.Parse(text)!.AsObject(), file, cancellationToken);
            await WriteAsync(context, 200, job);
            return (200, text + $" <{new FileInfo(file).Length} bytes of upload>");
        }
        if (request.Method == "POST" && type == "resumable")
        {
            var text = await ReadTextAsync(request, cancellationToken);
            var job = JsonNode.Parse(text)!.AsObject();
            if (job["jobReference"]?["jobId"]?.GetValue<string>() is { } jobId && jobs.Exists(project, jobId))
                throw new BigQueryErrorException(409, "duplicate", $"Already Exists: Job {project}:{jobId}");
            var id = Guid.NewGuid().ToString("N");
            _uploads[id] = new UploadSession(project, job, jobs.NewUploadFile());
            context.Response.Headers.Location = $"{request.Scheme}://{request.Host}{UploadApi}{project}/jobs?uploadType=resumable&upload_id={id}";
            context.Response.StatusCode = 200;
            return (200, text);
        }
        if (request.Method == "PUT" && type == "resumable")
        {
            if (!_uploads.TryGetValue(request.Query["upload_id"].ToString(), out var session)) throw BigQueryErrorException.NotFound("upload session");
            return (await ChunkAsync(context, session), $"<chunk {request.Headers.ContentRange}>");
        }
        throw BigQueryErrorException.Invalid("uploadType must be multipart or resumable.");
    }

    /// <summary>
    /// One chunk of a resumable upload (<c>Content-Range: bytes A-B/TOTAL</c>, TOTAL <c>*</c> until the last; or
    /// <c>bytes */TOTAL</c> to ask what was received): 308 with <c>Range</c> until all bytes are in, then the job.
    /// </summary>
    private async Task<int> ChunkAsync(HttpContext context, UploadSession session)
    {
        var cancellationToken = context.RequestAborted;
        var range = context.Request.Headers.ContentRange.ToString();
        var match = ContentRange().Match(range);
        if (!match.Success) throw BigQueryErrorException.Invalid($"Invalid Content-Range '{range}'.");
        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            if (match.Groups[1].Success)
            {
                long first = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                if (first != session.Received) throw BigQueryErrorException.Invalid($"Chunk starts at {first}, but {session.Received} bytes were received.");
                if (faults.TakeChunkFault() is { } chunkFault)
                {
                    // Half a chunk read, then the connection dropped (or held until the client goes away): nothing of this chunk is kept.
                    var half = new byte[Math.Max(1, (context.Request.ContentLength ?? 2) / 2)];
                    await context.Request.Body.ReadAtLeastAsync(half, half.Length, throwOnEndOfStream: false, cancellationToken);
                    if (chunkFault.Kind == Fault.StallUpload) await faults.StallAsync(cancellationToken);
                    context.Abort();
                    return 499;
                }
                var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, cancellationToken);
                await using (var output = new FileStream(session.File, FileMode.Append, FileAccess.Write))
                    await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
                session.Received += buffer.Length;
            }
            if (match.Groups[3].Value != "*" && session.Received == long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture))
            {
                _uploads.TryRemove(context.Request.Query["upload_id"].ToString(), out _);
                var job = await jobs.InsertAsync(session.Project, session.Job, session.File, cancellationToken);
                await WriteAsync(context, 200, job);
                return 200;
            }
            if (session.Received > 0) context.Response.Headers.Range = $"bytes=0-{session.Received - 1}";
            context.Response.StatusCode = 308;
            return 308;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    [GeneratedRegex(@"^bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)$")]
    private static partial Regex ContentRange();

    /// <summary>POST /standin/faults (a fault as JSON: kind, times, table, polls), DELETE /standin/faults, PUT /standin/secrets/NAME (the body is the value).</summary>
    private async Task<int> ControlAsync(HttpContext context, string path, string body)
    {
        switch (context.Request.Method, path)
        {
            case ("POST", "/standin/faults"):
                var node = JsonNode.Parse(body)!;
                var fault = Fault.Parse(node["kind"]!.GetValue<string>()) with
                {
                    Times = node["times"]?.GetValue<int>() ?? 1,
                    Table = node["table"]?.GetValue<string>(),
                    Polls = node["polls"]?.GetValue<int>() ?? 5,
                };
                faults.Add(fault);
                break;
            case ("DELETE", "/standin/faults"):
                faults.Clear();
                break;
            case ("PUT", _) when path.StartsWith("/standin/secrets/", StringComparison.Ordinal):
                secrets.Set(path["/standin/secrets/".Length..], body);
                break;
            case ("GET", "/standin/health"):
                break;
            default:
                throw BigQueryErrorException.NotFound("control endpoint " + path);
        }
        await WriteAsync(context, 200, new JsonObject { ["status"] = "ok" });
        return 200;
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed class UploadSession(string project, JsonObject job, string file)
    {
        public string Project { get; } = project;
        public JsonObject Job { get; } = job;
        public string File { get; } = file;
        public long Received { get; set; }
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
