using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.BigQueryStandIn;

/// <summary>
/// Jobs by id (per project): a job id is used once (409 "duplicate" after), a load job answers PENDING, then RUNNING for
/// some polls, then DONE, and does its load when it is first seen DONE (so a client that dies while a job runs finds it
/// done, and loaded once, when it asks again). Faults queued at insert time decide how a job ends.
/// </summary>
public sealed class JobStore(TableStore tables, PendingFaults faults, int runningPolls, string uploadDirectory)
{
    private readonly ConcurrentDictionary<string, StandInJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string?[]>> _results = new(StringComparer.Ordinal);

    /// <summary>Load jobs inserted so far (a test's count of the jobs a publish made).</summary>
    public int LoadJobsInserted => _jobs.Values.Count(j => j.IsLoad);

    public IReadOnlyList<JsonObject> Snapshot() => _jobs.Values.Select(j => j.Resource).ToList();

    /// <summary>Whether a job id is taken (an upload session checks it before taking bytes).</summary>
    public bool Exists(string project, string jobId) => _jobs.ContainsKey(project + ":" + jobId);

    /// <summary>A new job from its resource; a load job's file is <paramref name="file"/>. 409 if the id is taken.</summary>
    public async Task<JsonObject> InsertAsync(string project, JsonObject body, string? file, CancellationToken cancellationToken)
    {
        var resource = (JsonObject)body.DeepClone();
        var jobId = resource["jobReference"]?["jobId"]?.GetValue<string>() ?? "job_" + Guid.NewGuid().ToString("N");
        var location = resource["jobReference"]?["location"]?.GetValue<string>() ?? "US";
        resource["kind"] = "bigquery#job";
        resource["id"] = $"{project}:{location}.{jobId}";
        resource["jobReference"] = new JsonObject { ["projectId"] = project, ["jobId"] = jobId, ["location"] = location };
        resource["statistics"] = new JsonObject { ["creationTime"] = Now() };
        var load = resource["configuration"]?["load"]?.AsObject();
        var job = new StandInJob(resource, file, load is null ? 0 : runningPolls);
        if (!_jobs.TryAdd(project + ":" + jobId, job))
        {
            if (file is not null) File.Delete(file);
            throw new BigQueryErrorException(409, "duplicate", $"Already Exists: Job {project}:{location}.{jobId}");
        }
        if (load is not null)
        {
            var (table, _) = TableStore.SplitDecorator(load["destinationTable"]?["tableId"]?.GetValue<string>() ?? "");
            job.Fault = faults.Take(table);
            if (job.Fault?.Kind == Fault.Slow) job.RunningPolls += job.Fault.Polls;
            job.State = "PENDING";
        }
        else if (resource["configuration"]?["query"]?["query"]?.GetValue<string>() is { } sql)
        {
            await RunQueryAsync(project, job, sql, cancellationToken);
        }
        else
        {
            throw BigQueryErrorException.Invalid("Only load and query jobs are modelled by the stand-in.");
        }
        Describe(job);
        return resource;
    }

    /// <summary>jobs.get: the job one poll further along.</summary>
    public async Task<JsonObject> GetAsync(string project, string jobId, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(project + ":" + jobId, out var job)) throw BigQueryErrorException.NotFound($"Job {project}:{jobId}");
        bool stall;
        await job.Gate.WaitAsync(cancellationToken);
        try
        {
            if (job.State == "PENDING") job.State = "RUNNING";
            else if (job.State == "RUNNING" && job.Polls++ >= job.RunningPolls) await FinishLoadAsync(project, job, cancellationToken);
            Describe(job);
            // The job is done and loaded; the answer that would say so is held back once (a client killed before it heard).
            stall = job.State == "DONE" && job.Fault?.Kind == Fault.StallDone && !job.Stalled;
            if (stall) job.Stalled = true;
        }
        finally
        {
            job.Gate.Release();
        }
        if (stall) await faults.StallAsync(cancellationToken);
        return job.Resource;
    }

    /// <summary>Every load job not yet DONE is finished now (before a query reads the tables, as time would have).</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, job) in _jobs)
        {
            if (job.State == "DONE") continue;
            await job.Gate.WaitAsync(cancellationToken);
            try
            {
                if (job.State != "DONE") await FinishLoadAsync(key[..key.IndexOf(':', StringComparison.Ordinal)], job, cancellationToken);
                Describe(job);
            }
            finally
            {
                job.Gate.Release();
            }
        }
    }

    private async Task FinishLoadAsync(string project, StandInJob job, CancellationToken cancellationToken)
    {
        try
        {
            if (job.Fault is { } fault && Fault.Reasons.ContainsKey(fault.Kind))
                throw new BigQueryErrorException(fault.Kind == "quotaExceeded" ? 403 : 400, fault.Kind, Fault.Reasons[fault.Kind]);
            job.OutputRows = await tables.LoadAsync(project, job.Resource["configuration"]!["load"]!.AsObject(), job.File!, cancellationToken);
        }
        catch (BigQueryErrorException error)
        {
            job.Error = error;
        }
        finally
        {
            if (job.File is not null) File.Delete(job.File);
        }
        job.State = "DONE";
        job.EndTime = Now();
    }

    private async Task RunQueryAsync(string project, StandInJob job, string sql, CancellationToken cancellationToken)
    {
        await SettleAsync(cancellationToken);
        try
        {
            var (fields, rows) = await tables.QueryAsync(sql, cancellationToken);
            job.Schema = fields;
            _results[project + ":" + job.Resource["jobReference"]!["jobId"]!.GetValue<string>()] = rows;
        }
        catch (BigQueryErrorException error)
        {
            job.Error = error;
        }
        job.State = "DONE";
        job.EndTime = Now();
    }

    /// <summary>A query job's results: schema, rows (as BigQuery's f/v cells), total.</summary>
    public JsonObject Results(string project, string jobId)
    {
        if (!_jobs.TryGetValue(project + ":" + jobId, out var job)) throw BigQueryErrorException.NotFound($"Job {project}:{jobId}");
        if (job.Error is not null) throw job.Error;
        var rows = _results.GetValueOrDefault(project + ":" + jobId) ?? [];
        return new JsonObject
        {
            ["kind"] = "bigquery#getQueryResultsResponse",
            ["jobReference"] = job.Resource["jobReference"]!.DeepClone(),
            ["schema"] = new JsonObject { ["fields"] = job.Schema?.DeepClone() ?? new JsonArray() },
            ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["f"] = new JsonArray(r.Select(v => (JsonNode)new JsonObject { ["v"] = v is null ? null : JsonValue.Create(v) }).ToArray()),
            }).ToArray()),
            ["totalRows"] = rows.Count.ToString(CultureInfo.InvariantCulture),
            ["jobComplete"] = true,
            ["cacheHit"] = false,
        };
    }

    /// <summary>A file for an upload's bytes, in the stand-in's upload folder.</summary>
    public string NewUploadFile() => Path.Combine(uploadDirectory, Guid.NewGuid().ToString("N") + ".upload");

    private static void Describe(StandInJob job)
    {
        var status = new JsonObject { ["state"] = job.State };
        if (job.Error is not null)
        {
            status["errorResult"] = job.Error.ToErrorResult();
            status["errors"] = new JsonArray(job.Error.ToErrorResult());
        }
        job.Resource["status"] = status;
        var statistics = job.Resource["statistics"]!.AsObject();
        if (job.State != "PENDING") statistics["startTime"] ??= Now();
        if (job.EndTime is not null) statistics["endTime"] = job.EndTime;
        if (job.IsLoad && job.State == "DONE" && job.Error is null)
            statistics["load"] = new JsonObject
            {
                ["inputFiles"] = "1",
                ["inputFileBytes"] = job.Bytes.ToString(CultureInfo.InvariantCulture),
                ["outputRows"] = job.OutputRows.ToString(CultureInfo.InvariantCulture),
                ["badRecords"] = "0",
            };
    }

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private sealed class StandInJob(JsonObject resource, string? file, int runningPolls)
    {
        public JsonObject Resource { get; } = resource;
        public string? File { get; } = file;
        public long Bytes { get; } = file is null ? 0 : new FileInfo(file).Length;
        public bool IsLoad => Resource["configuration"]?["load"] is not null;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public string State { get; set; } = "DONE";
        public int RunningPolls { get; set; } = runningPolls;
        public int Polls { get; set; }
        public Fault? Fault { get; set; }
        public bool Stalled { get; set; }
        public BigQueryErrorException? Error { get; set; }
        public long OutputRows { get; set; }
        public string? EndTime { get; set; }
        public JsonArray? Schema { get; set; }
    }
}
