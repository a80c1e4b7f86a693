using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hindsight.Destinations.Parquet;
using Polly;
using Polly.Retry;

namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// <c>hindsight publish bigquery</c> in single mode: the tables exported as Parquet into a folder of the publish's own
/// (incrementally, by the export), then each day partition whose content hash differs from the one last loaded (the
/// ledger <c>publish_loads</c>) sent as one Parquet file by resumable upload in a free batch load job
/// (<c>table$YYYYMMDD</c>, WRITE_TRUNCATE: exactly that day replaced; a table without an event date replaced whole).
/// Job ids are deterministic, a 409 fetches the job, transient failures are loaded again as a new job (Polly), a quota
/// or the per-table job budget defers the rest, any other failure stops the publish with BigQuery's message.
/// </summary>
public sealed class BigQueryPublisher(Warehouse.Warehouse warehouse, BigQueryClient client, string folder)
{
    /// <summary>The per-job files, made from the export's and removed once their job ended.</summary>
    public const string JobFiles = ".jobs";

    /// <summary>Job polls start this fast and slow down to <see cref="SlowestPoll"/> (a load takes seconds to minutes).</summary>
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan SlowestPoll = TimeSpan.FromSeconds(10);

    /// <summary>BigQuery's quotas refill over a rolling 24 hours.</summary>
    private static readonly TimeSpan QuotaWindow = TimeSpan.FromHours(24);

    private static readonly ResiliencePipeline<PublishedPartition> TransientRetry = new ResiliencePipelineBuilder<PublishedPartition>()
        .AddRetry(new RetryStrategyOptions<PublishedPartition>
        {
            ShouldHandle = new PredicateBuilder<PublishedPartition>().HandleResult(IsTransientFailure),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    private static bool IsTransientFailure(PublishedPartition p) =>
        p.State == PublishSql.Failed && p.Reason is { } reason && LoadReasons.Of(reason) == LoadReasonKind.Transient;

    public async Task<PublishResult> PublishAsync(PublishTarget target, IReadOnlyList<DestinationTable> tables, Guid runId, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        var session = warehouse.Session;
        if (!target.DryRun) await session.ExecuteAsync(PublishSql.Interrupted, cancellationToken, new DuckDBParameter("destination", target.Destination));
        await new ParquetExporter(warehouse).ExportAsync(root, tables, cancellationToken);
        if (!target.DryRun) await client.EnsureDatasetAsync(target.Dataset, target.Location, cancellationToken);

        var sent = new List<PublishedPartition>();
        int unchanged = 0;
        var jobsLeft = new Dictionary<string, long>(StringComparer.Ordinal);
        PublishedPartition? quota = null;
        foreach (var table in tables)
        {
            var columns = await session.ReadAsync(PublishSql.Describe(table),
                r => BigQueryColumn.From(r.GetString("column_name"), r.GetString("column_type")), cancellationToken);
            var exported = await session.ReadAsync(PublishSql.Exported,
                r => new PartitionState(r.GetString("partition_key"), r.GetInt64("row_count"), r.GetString("content_hash")), cancellationToken,
                new DuckDBParameter("out_dir", root), new DuckDBParameter("table_name", table.Name));
            var loaded = (await session.ReadAsync(PublishSql.Loaded, r => (Key: r.GetString("partition_key"), Hash: r.GetString("content_hash")), cancellationToken,
                    Ledger(target, table.Name)))
                .ToDictionary(p => p.Key, p => p.Hash, StringComparer.Ordinal);
            var changed = new List<PartitionState>();
            foreach (var partition in exported)
            {
                if (loaded.TryGetValue(partition.Key, out var hash) && hash == partition.Hash) unchanged++;
                else changed.Add(partition);
            }
            // Partitions loaded before whose rows are all gone now (forget): emptied, so BigQuery holds what the warehouse does.
            var present = exported.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            changed.AddRange(loaded.Where(l => !present.Contains(l.Key) && l.Value != PublishSql.Emptied)
                .Select(l => new PartitionState(l.Key, 0, PublishSql.Emptied)));
            if (changed.Count == 0) continue;

            var (jobs, oldest) = await session.ReadFirstAsync(PublishSql.JobsInLastDay,
                r => (r.GetInt64("jobs"), r.GetTimestampOrNull("oldest")),
                cancellationToken, new DuckDBParameter("destination", target.Destination), new DuckDBParameter("table_name", table.Name));
            long left = target.Budget - jobs;
            jobsLeft[table.Name] = Math.Max(0, left);
            if (!target.DryRun && left > 0 && quota is null)
            {
                await client.EnsureTableAsync(target.Dataset, target.TableId(table.Name), TableResource(target, table, columns), cancellationToken);
                if (target.Team)
                    await client.EnsureTableAsync(target.Dataset, table.Name, new JsonObject
                    {
                        ["tableReference"] = new JsonObject { ["projectId"] = target.Project, ["datasetId"] = target.Dataset, ["tableId"] = table.Name },
                        ["view"] = new JsonObject { ["query"] = target.TeamViewQuery(table.Name), ["useLegacySql"] = false },
                    }, cancellationToken);
            }
            foreach (var partition in changed)
            {
                if (quota is not null)
                {
                    sent.Add(await DeferAsync(target, table, partition, runId, quota.Reason!, quota.Message!, quota.RetryAfter!.Value, cancellationToken));
                    continue;
                }
                if (left <= 0)
                {
                    var safe = (oldest ?? DateTimeOffset.UtcNow) + QuotaWindow;
                    sent.Add(await DeferAsync(target, table, partition, runId, "budget",
                        $"the budget of {target.Budget:N0} load jobs per table per 24 hours is used up for {table.Name} ({jobs:N0} jobs since {(oldest ?? DateTimeOffset.UtcNow):u})", safe, cancellationToken));
                    continue;
                }
                left--;
                jobsLeft[table.Name] = left;
                if (target.DryRun)
                {
                    sent.Add(new PublishedPartition(table.Name, partition.Key, partition.Rows, ExportedBytes(root, table, partition.Key),
                        LoadJobIds.For(target.TableId(table.Name), partition.Key, target.MachineId, partition.Hash, 0), "planned"));
                    continue;
                }
                var outcome = await LoadAsync(target, table, columns, partition, root, runId, cancellationToken);
                sent.Add(outcome);
                if (outcome.State == PublishSql.Deferred) quota = outcome;
                if (outcome.State == PublishSql.Failed) return new PublishResult(target, runId, sent, unchanged, jobsLeft);
            }
        }
        return new PublishResult(target, runId, sent, unchanged, jobsLeft);
    }

    /// <summary>One partition: its file made, then its load job, again as a new job after a transient failure.</summary>
    private async Task<PublishedPartition> LoadAsync(PublishTarget target, DestinationTable table, IReadOnlyList<BigQueryColumn> columns,
        PartitionState partition, string root, Guid runId, CancellationToken cancellationToken)
    {
        var jobFolder = Path.Combine(root, JobFiles);
        Directory.CreateDirectory(jobFolder);
        var file = Path.Combine(jobFolder, $"{table.Name}-{(partition.Key.Length == 0 ? "whole" : partition.Key)}.parquet");
        try
        {
            var source = table.IsPartitioned
                ? Path.Combine(root, table.Name, ParquetExporter.PartitionFolderName(partition.Key), "*.parquet")
                : Path.Combine(root, table.Name, ParquetExporter.WholeTableFile);
            var day = table.IsPartitioned ? partition.Key : null;
            await warehouse.Session.ExecuteAsync(partition.Hash == PublishSql.Emptied
                ? PublishSql.EmptyFile(columns, table, day, file)
                : PublishSql.MergeFiles(columns, source, day, file), cancellationToken);
            long bytes = new FileInfo(file).Length;
            string fileHash;
            await using (var stream = File.OpenRead(file)) fileHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            int attempt = (int)await warehouse.Session.ScalarAsync<long>(PublishSql.EndedUnloaded, cancellationToken,
                [.. Ledger(target, table.Name), new("partition_key", partition.Key), new("content_hash", partition.Hash)]);
            return await TransientRetry.ExecuteAsync(
                async token => await RunJobAsync(target, table, columns, partition, file, fileHash, bytes, attempt++, runId, token), cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One load job: recorded as running, inserted (or found, on 409), polled until done, its rows checked.</summary>
    private async Task<PublishedPartition> RunJobAsync(PublishTarget target, DestinationTable table, IReadOnlyList<BigQueryColumn> columns,
        PartitionState partition, string file, string fileHash, long bytes, int attempt, Guid runId, CancellationToken cancellationToken)
    {
        var jobId = LoadJobIds.For(target.TableId(table.Name), partition.Key, target.MachineId, partition.Hash, attempt);
        await warehouse.Session.ExecuteAsync(PublishSql.Start, cancellationToken, [
            new("run_id", runId), .. Ledger(target, table.Name), new("partition_key", partition.Key), new("content_hash", partition.Hash),
            new("file_hash", fileHash), new("row_count", partition.Rows), new("byte_count", bytes), new("job_id", jobId)]);
        PublishedPartition outcome;
        try
        {
            JsonObject job;
            try
            {
                job = await client.InsertLoadJobAsync(LoadJob(target, table, columns, partition.Key, jobId), file, cancellationToken);
            }
            catch (BigQueryException duplicate) when (duplicate.Reason == "duplicate")
            {
                // The job was taken by an earlier publish (killed after the upload): it is this partition's, same rows.
                job = await client.GetJobAsync(jobId, target.Location, cancellationToken);
            }
            var poll = FirstPoll;
            while (job["status"]?["state"]?.GetValue<string>() != "DONE")
            {
                await Task.Delay(poll, cancellationToken);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, SlowestPoll.Ticks));
                job = await client.GetJobAsync(jobId, target.Location, cancellationToken);
            }
            outcome = Ended(table.Name, partition, bytes, jobId, job);
        }
        catch (BigQueryException refused)
        {
            outcome = Refused(table.Name, partition, bytes, jobId, refused.Reason, refused.Message);
        }
        await warehouse.Session.ExecuteAsync(PublishSql.Finish, cancellationToken,
            new DuckDBParameter("state", outcome.State), new DuckDBParameter("error_reason", (object?)outcome.Reason ?? DBNull.Value),
            new DuckDBParameter("error_message", (object?)outcome.Message ?? DBNull.Value),
            new DuckDBParameter("output_rows", (object?)outcome.OutputRows ?? DBNull.Value),
            new DuckDBParameter("job_id", jobId), new DuckDBParameter("run_id", runId));
        return outcome;
    }

    /// <summary>A job that is DONE: loaded with as many rows as were sent, or failed with BigQuery's reason.</summary>
    private static PublishedPartition Ended(string table, PartitionState partition, long bytes, string jobId, JsonObject job)
    {
        if (job["status"]?["errorResult"] is { } error)
            return Refused(table, partition, bytes, jobId, error["reason"]?.GetValue<string>() ?? "unknown", error["message"]?.GetValue<string>() ?? "no message");
        var output = job["statistics"]?["load"]?["outputRows"]?.ToString();
        long? rows = long.TryParse(output, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (rows != partition.Rows)
            return new PublishedPartition(table, partition.Key, partition.Rows, bytes, jobId, PublishSql.Failed, "rowCountMismatch",
                $"BigQuery loaded {rows?.ToString("N0", CultureInfo.InvariantCulture) ?? "an unknown number of"} rows into {table} {partition.Key}, the warehouse holds {partition.Rows:N0}", rows);
        return new PublishedPartition(table, partition.Key, partition.Rows, bytes, jobId, PublishSql.Done, OutputRows: rows);
    }

    private static PublishedPartition Refused(string table, PartitionState partition, long bytes, string jobId, string reason, string message) =>
        LoadReasons.Of(reason) == LoadReasonKind.Quota
            ? new PublishedPartition(table, partition.Key, partition.Rows, bytes, jobId, PublishSql.Deferred, reason, message, RetryAfter: DateTimeOffset.UtcNow + QuotaWindow)
            : new PublishedPartition(table, partition.Key, partition.Rows, bytes, jobId, PublishSql.Failed, reason, message);

    private async Task<PublishedPartition> DeferAsync(PublishTarget target, DestinationTable table, PartitionState partition, Guid runId,
        string reason, string message, DateTimeOffset retryAfter, CancellationToken cancellationToken)
    {
        if (!target.DryRun)
            await warehouse.Session.ExecuteAsync(PublishSql.Defer, cancellationToken, [
                new("run_id", runId), .. Ledger(target, table.Name), new("partition_key", partition.Key), new("content_hash", partition.Hash),
                new("row_count", partition.Rows), new("error_reason", reason), new("error_message", message)]);
        return new PublishedPartition(table.Name, partition.Key, partition.Rows, 0, "", PublishSql.Deferred, reason, message, RetryAfter: retryAfter);
    }

    private static DuckDBParameter[] Ledger(PublishTarget target, string table) =>
        [new("destination", target.Destination), new("table_name", table), new("machine_id", target.MachineId)];

    private static long ExportedBytes(string root, DestinationTable table, string key)
    {
        var path = table.IsPartitioned ? Path.Combine(root, table.Name, ParquetExporter.PartitionFolderName(key)) : Path.Combine(root, table.Name, ParquetExporter.WholeTableFile);
        return Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.parquet").Sum(f => new FileInfo(f).Length) : File.Exists(path) ? new FileInfo(path).Length : 0;
    }

    private static JsonArray Fields(DestinationTable table, IReadOnlyList<BigQueryColumn> columns)
    {
        var fields = new JsonArray(columns.Select(c => (JsonNode)c.ToField()).ToArray());
        // NULLABLE: rows without an event day go to BigQuery's NULL partition (tables made REQUIRED before are relaxed by the load).
        if (table.IsPartitioned) fields.Add((JsonNode)new JsonObject { ["name"] = BigQueryColumn.EventDay, ["type"] = "DATE", ["mode"] = "NULLABLE" });
        return fields;
    }

    /// <summary>The table as Hindsight creates it: explicit schema, day partitions on the event day, clustering.</summary>
    private static JsonObject TableResource(PublishTarget target, DestinationTable table, IReadOnlyList<BigQueryColumn> columns)
    {
        var resource = new JsonObject
        {
            ["tableReference"] = new JsonObject { ["projectId"] = target.Project, ["datasetId"] = target.Dataset, ["tableId"] = target.TableId(table.Name) },
            ["schema"] = new JsonObject { ["fields"] = Fields(table, columns) },
            ["description"] = $"Hindsight's {table.Name}, loaded by `hindsight publish bigquery`.",
        };
        if (table.IsPartitioned) resource["timePartitioning"] = new JsonObject { ["type"] = "DAY", ["field"] = BigQueryColumn.EventDay };
        var clustering = BigQueryColumn.Clustering(columns);
        if (clustering.Count > 0) resource["clustering"] = new JsonObject { ["fields"] = new JsonArray(clustering.Select(c => (JsonNode)c).ToArray()) };
        return resource;
    }

    /// <summary>
    /// A load job of one partition (<c>table$YYYYMMDD</c>, or <c>table$__NULL__</c> for the rows without an event day)
    /// or a whole table, WRITE_TRUNCATE, into a table Hindsight created (CREATE_NEVER); a column a later release adds is
    /// added to a partitioned table (ALLOW_FIELD_ADDITION, allowed with a partition decorator), and an event day made
    /// REQUIRED by an earlier release is relaxed (ALLOW_FIELD_RELAXATION), while a whole table's truncate takes the new
    /// schema anyway.
    /// </summary>
    private static JsonObject LoadJob(PublishTarget target, DestinationTable table, IReadOnlyList<BigQueryColumn> columns, string key, string jobId)
    {
        var load = new JsonObject
        {
            ["destinationTable"] = new JsonObject
            {
                ["projectId"] = target.Project,
                ["datasetId"] = target.Dataset,
                ["tableId"] = table.IsPartitioned ? target.TableId(table.Name) + "$" + key.Replace("-", "", StringComparison.Ordinal) : target.TableId(table.Name),
            },
            ["sourceFormat"] = "PARQUET",
            ["writeDisposition"] = "WRITE_TRUNCATE",
            ["createDisposition"] = "CREATE_NEVER",
            ["schema"] = new JsonObject { ["fields"] = Fields(table, columns) },
            ["parquetOptions"] = new JsonObject { ["enableListInference"] = true },
            ["maxBadRecords"] = 0,
        };
        if (table.IsPartitioned) load["schemaUpdateOptions"] = new JsonArray("ALLOW_FIELD_ADDITION", "ALLOW_FIELD_RELAXATION");
        var reference = new JsonObject { ["projectId"] = target.Project, ["jobId"] = jobId };
        if (target.Location is not null) reference["location"] = target.Location;
        return new JsonObject
        {
            ["jobReference"] = reference,
            ["configuration"] = new JsonObject { ["load"] = load, ["labels"] = new JsonObject { ["hindsight_machine"] = LabelValue(target.MachineId) } },
        };
    }

    /// <summary>A label value: lower-case letters, digits, underscores and dashes, at most 63 characters.</summary>
    private static string LabelValue(string value)
    {
        var safe = new string(value.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' ? c : '-').ToArray());
        return safe.Length > 63 ? safe[..63] : safe;
    }
}
