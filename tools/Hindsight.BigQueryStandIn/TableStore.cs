using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Hindsight.BigQueryStandIn;

/// <summary>
/// Datasets and tables as BigQuery describes them (their JSON resources, kept in memory), and the rows of every table
/// in the stand-in's own DuckDB, one schema per dataset, with the columns the table's schema declares. Views are
/// recorded (their SQL is BigQuery's, which DuckDB cannot run), never executed. One statement at a time.
/// </summary>
public sealed partial class TableStore : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, JsonObject> _datasets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _tables = new(StringComparer.Ordinal);

    public TableStore(string databasePath)
    {
        _connection = new DuckDBConnection("Data Source=" + databasePath);
        _connection.Open();
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,1024}$")]
    private static partial Regex IdPattern();

    public static string CheckId(string id, string what) =>
        IdPattern().IsMatch(id) ? id : throw BigQueryErrorException.Invalid($"Invalid {what} ID \"{id}\": IDs must be alphanumeric (plus underscores).");

    private static string Key(string project, string dataset, string? table = null) => table is null ? project + ":" + dataset : project + ":" + dataset + "." + table;

    public async Task<JsonObject> InsertDatasetAsync(string project, JsonObject body, CancellationToken cancellationToken)
    {
        var id = CheckId(body["datasetReference"]?["datasetId"]?.GetValue<string>() ?? "", "dataset");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_datasets.ContainsKey(Key(project, id))) throw new BigQueryErrorException(409, "duplicate", $"Already Exists: Dataset {project}:{id}");
            var resource = (JsonObject)body.DeepClone();
            resource["kind"] = "bigquery#dataset";
            resource["id"] = Key(project, id);
            resource["datasetReference"] = new JsonObject { ["projectId"] = project, ["datasetId"] = id };
            resource["location"] ??= "US";
            lock (_datasets) _datasets[Key(project, id)] = resource;
            await ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS \"{id}\"", cancellationToken);
            return resource;
        }
        finally
        {
            _gate.Release();
        }
    }

    public JsonObject GetDataset(string project, string dataset)
    {
        lock (_datasets) return _datasets.TryGetValue(Key(project, dataset), out var d) ? d : throw BigQueryErrorException.NotFound($"Dataset {project}:{dataset}");
    }

    public JsonObject GetTable(string project, string dataset, string table)
    {
        GetDataset(project, dataset);
        lock (_tables) return _tables.TryGetValue(Key(project, dataset, table), out var t) ? t : throw BigQueryErrorException.NotFound($"Table {project}:{dataset}.{table}");
    }

    /// <summary>The names of the tables and views of a dataset.</summary>
    public IReadOnlyList<JsonObject> ListTables(string project, string dataset)
    {
        GetDataset(project, dataset);
        lock (_tables) return _tables.Where(t => t.Key.StartsWith(Key(project, dataset) + ".", StringComparison.Ordinal)).Select(t => t.Value).ToList();
    }

    public async Task<JsonObject> InsertTableAsync(string project, string dataset, JsonObject body, CancellationToken cancellationToken)
    {
        var id = CheckId(body["tableReference"]?["tableId"]?.GetValue<string>() ?? "", "table");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await CreateTableAsync(project, dataset, id, body, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<JsonObject> CreateTableAsync(string project, string dataset, string id, JsonObject body, CancellationToken cancellationToken)
    {
        GetDataset(project, dataset);
        if (_tables.ContainsKey(Key(project, dataset, id))) throw new BigQueryErrorException(409, "duplicate", $"Already Exists: Table {project}:{dataset}.{id}");
        var resource = (JsonObject)body.DeepClone();
        resource["kind"] = "bigquery#table";
        resource["id"] = Key(project, dataset, id);
        resource["tableReference"] = new JsonObject { ["projectId"] = project, ["datasetId"] = dataset, ["tableId"] = id };
        if (body["view"] is not null)
            resource["type"] = "VIEW";
        else
        {
            resource["type"] = "TABLE";
            var fields = body["schema"]?["fields"]?.AsArray() ?? throw BigQueryErrorException.Invalid("A table needs a schema.");
            CheckPartitioning(resource, fields);
            await ExecuteAsync($"CREATE TABLE \"{dataset}\".\"{id}\" ({string.Join(", ", fields.Select(f => Column(f!.AsObject())))})", cancellationToken);
        }
        resource["creationTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        lock (_tables) _tables[Key(project, dataset, id)] = resource;
        return resource;
    }

    private static void CheckPartitioning(JsonObject table, JsonArray fields)
    {
        if (table["timePartitioning"]?["field"]?.GetValue<string>() is { } field
            && !fields.Any(f => f?["name"]?.GetValue<string>() == field && f["type"]?.GetValue<string>() is "TIMESTAMP" or "DATE" or "DATETIME"))
            throw BigQueryErrorException.Invalid($"The field specified for time partitioning can only be of type TIMESTAMP, DATE or DATETIME. The type found is missing for field {field}.");
        if (table["clustering"]?["fields"]?.AsArray() is { } clustering && clustering.Count > 4)
            throw BigQueryErrorException.Invalid("Too many clustering fields: at most 4.");
    }

    /// <summary>tables.patch: the schema may gain columns (never lose them); a view's query may change.</summary>
    public async Task<JsonObject> PatchTableAsync(string project, string dataset, string table, JsonObject body, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var resource = GetTable(project, dataset, table);
            if (body["schema"]?["fields"]?.AsArray() is { } fields) await AddColumnsAsync(dataset, table, resource, fields, cancellationToken);
            if (body["view"] is { } view) resource["view"] = view.DeepClone();
            foreach (var name in new[] { "description", "labels", "clustering" })
                if (body[name] is { } value) resource[name] = value.DeepClone();
            return resource;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The columns of <paramref name="fields"/> the table lacks, added; a column dropped or retyped is refused.</summary>
    private async Task<int> AddColumnsAsync(string dataset, string table, JsonObject resource, JsonArray fields, CancellationToken cancellationToken)
    {
        var have = resource["schema"]!["fields"]!.AsArray();
        var names = have.Select(f => f!["name"]!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        int added = 0;
        foreach (var field in fields.Select(f => f!.AsObject()))
        {
            if (names.Contains(field["name"]!.GetValue<string>())) continue;
            if (field["mode"]?.GetValue<string>() == "REQUIRED") throw BigQueryErrorException.Invalid($"Cannot add required field {field["name"]} to an existing schema.");
            await ExecuteAsync($"ALTER TABLE \"{dataset}\".\"{table}\" ADD COLUMN {Column(field)}", cancellationToken);
            have.Add(field.DeepClone());
            added++;
        }
        return added;
    }

    /// <summary>A BigQuery field as a DuckDB column.</summary>
    private static string Column(JsonObject field) => $"\"{CheckId(field["name"]!.GetValue<string>(), "field")}\" {ColumnType(field)}";

    private static string ColumnType(JsonObject field)
    {
        var type = (field["type"]?.GetValue<string>() ?? "STRING").ToUpperInvariant() switch
        {
            "STRING" or "JSON" => "VARCHAR",
            "BYTES" => "BLOB",
            "INTEGER" or "INT64" => "BIGINT",
            "FLOAT" or "FLOAT64" or "BIGNUMERIC" => "DOUBLE",
            "NUMERIC" => "DECIMAL(38, 9)",
            "BOOLEAN" or "BOOL" => "BOOLEAN",
            "TIMESTAMP" => "TIMESTAMPTZ",
            "DATE" => "DATE",
            "DATETIME" => "TIMESTAMP",
            "TIME" => "TIME",
            "RECORD" or "STRUCT" => "STRUCT(" + string.Join(", ", field["fields"]!.AsArray().Select(f => Column(f!.AsObject()))) + ")",
            var other => throw BigQueryErrorException.Invalid($"Unknown field type {other}."),
        };
        return field["mode"]?.GetValue<string>() == "REPEATED" ? type + "[]" : type;
    }

    /// <summary>
    /// A load job's work, in one transaction: the table created (CREATE_IF_NEEDED) or its schema extended
    /// (ALLOW_FIELD_ADDITION), then the file's rows written as the disposition says; a partition decorator
    /// (<c>table$YYYYMMDD</c>) limits a WRITE_TRUNCATE to that day, and every row must belong to it. The rows loaded.
    /// </summary>
    public async Task<long> LoadAsync(string project, JsonObject load, string file, CancellationToken cancellationToken)
    {
        var destination = load["destinationTable"]!;
        var dataset = CheckId(destination["datasetId"]!.GetValue<string>(), "dataset");
        var (table, day) = SplitDecorator(destination["tableId"]!.GetValue<string>());
        var write = load["writeDisposition"]?.GetValue<string>() ?? "WRITE_APPEND";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            JsonObject resource;
            lock (_tables) _tables.TryGetValue(Key(project, dataset, table), out resource!);
            if (resource is null)
            {
                if (load["createDisposition"]?.GetValue<string>() == "CREATE_NEVER") throw BigQueryErrorException.NotFound($"Table {project}:{dataset}.{table}");
                var created = new JsonObject { ["tableReference"] = new JsonObject { ["tableId"] = table }, ["schema"] = load["schema"]?.DeepClone() };
                if (load["timePartitioning"] is { } partitioning) created["timePartitioning"] = partitioning.DeepClone();
                if (load["clustering"] is { } clustering) created["clustering"] = clustering.DeepClone();
                resource = await CreateTableAsync(project, dataset, table, created, cancellationToken);
            }
            if (resource["type"]?.GetValue<string>() == "VIEW") throw BigQueryErrorException.Invalid($"Cannot load into view {dataset}.{table}.");
            if (load["schema"]?["fields"]?.AsArray() is { } fields)
            {
                var allowed = load["schemaUpdateOptions"]?.AsArray().Any(o => o?.GetValue<string>() == "ALLOW_FIELD_ADDITION") == true;
                var names = resource["schema"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (fields.Any(f => !names.Contains(f!["name"]!.GetValue<string>())) && !allowed)
                    throw BigQueryErrorException.Invalid("Provided Schema does not match Table. Cannot add fields (field: " +
                        fields.First(f => !names.Contains(f!["name"]!.GetValue<string>()))!["name"] + ")");
                if (allowed) await AddColumnsAsync(dataset, table, resource, fields, cancellationToken);
                RelaxModes(project, dataset, table, resource, fields, load);
            }
            var columns = resource["schema"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
            var source = Source(load, file);
            var fileColumns = await ColumnsOfAsync(source, cancellationToken);
            var loaded = columns.Where(c => fileColumns.Contains(c)).Select(c => $"\"{c}\"").ToList();
            var target = $"\"{dataset}\".\"{table}\"";
            var dayOf = day is null ? null : PartitionDay(resource);
            await ExecuteAsync("BEGIN TRANSACTION", cancellationToken);
            try
            {
                var inPartition = day is null ? null : day == NullPartition ? $"{dayOf} IS NULL" : $"{dayOf} = DATE '{day}'";
                if (day is not null)
                {
                    long outside = await ScalarAsync($"SELECT count(*) FROM (SELECT {string.Join(", ", loaded)} FROM {source}) WHERE ({inPartition}) IS NOT TRUE", cancellationToken);
                    if (outside > 0)
                        throw BigQueryErrorException.Invalid($"Some rows belong to different partitions rather than destination partition {day.Replace("-", "", StringComparison.Ordinal)}");
                }
                foreach (var required in RequiredColumns(resource).Where(fileColumns.Contains))
                    if (await ScalarAsync($"SELECT count(*) FROM {source} WHERE \"{required}\" IS NULL", cancellationToken) > 0)
                        throw BigQueryErrorException.Invalid($"Required field {required} cannot be null");
                if (write == "WRITE_EMPTY" && await ScalarAsync($"SELECT count(*) FROM {target}", cancellationToken) > 0)
                    throw new BigQueryErrorException(409, "duplicate", $"Already Exists: Table {project}:{dataset}.{table} is not empty (WRITE_EMPTY).");
                if (write == "WRITE_TRUNCATE")
                    await ExecuteAsync(day is null ? $"DELETE FROM {target}" : $"DELETE FROM {target} WHERE {inPartition}", cancellationToken);
                long rows = await ExecuteAsync($"INSERT INTO {target} ({string.Join(", ", loaded)}) SELECT {string.Join(", ", loaded)} FROM {source}", cancellationToken);
                await ExecuteAsync("COMMIT", cancellationToken);
                return rows;
            }
            catch
            {
                await ExecuteAsync("ROLLBACK", CancellationToken.None);
                throw;
            }
        }
        catch (DuckDBException ex)
        {
            throw BigQueryErrorException.Invalid("Error while reading data, error message: " + ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The partition of the rows whose partitioning column is NULL, as its decorator names it (<c>table$__NULL__</c>).</summary>
    public const string NullPartition = "__NULL__";

    /// <summary>A table id and its partition decorator's day (YYYY-MM-DD, or <see cref="NullPartition"/>), if any.</summary>
    public static (string Table, string? Day) SplitDecorator(string tableId)
    {
        int dollar = tableId.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0) return (CheckId(tableId, "table"), null);
        var decorator = tableId[(dollar + 1)..];
        if (decorator == NullPartition) return (CheckId(tableId[..dollar], "table"), NullPartition);
        if (!DateOnly.TryParseExact(decorator, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw BigQueryErrorException.Invalid($"Invalid partition decorator {decorator}: only day partitions (YYYYMMDD) are modelled.");
        return (CheckId(tableId[..dollar], "table"), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static IEnumerable<string> RequiredColumns(JsonObject table) => table["schema"]!["fields"]!.AsArray()
        .Where(f => f!["mode"]?.GetValue<string>() == "REQUIRED").Select(f => f!["name"]!.GetValue<string>());

    /// <summary>
    /// A load whose schema makes a REQUIRED column NULLABLE: refused, as BigQuery does, unless its schemaUpdateOptions
    /// has ALLOW_FIELD_RELAXATION, which makes the table's column NULLABLE.
    /// </summary>
    private static void RelaxModes(string project, string dataset, string table, JsonObject resource, JsonArray fields, JsonObject load)
    {
        var relax = load["schemaUpdateOptions"]?.AsArray().Any(o => o?.GetValue<string>() == "ALLOW_FIELD_RELAXATION") == true;
        foreach (var have in resource["schema"]!["fields"]!.AsArray().Select(f => f!.AsObject()).Where(f => f["mode"]?.GetValue<string>() == "REQUIRED"))
        {
            var name = have["name"]!.GetValue<string>();
            var given = fields.FirstOrDefault(f => string.Equals(f!["name"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase));
            if (given is null || given["mode"]?.GetValue<string>() == "REQUIRED") continue;
            if (!relax)
                throw BigQueryErrorException.Invalid($"Provided Schema does not match Table {project}:{dataset}.{table}. Field {name} has changed mode from REQUIRED to NULLABLE");
            have["mode"] = "NULLABLE";
        }
    }

    /// <summary>The UTC day of a row of a day-partitioned table, as SQL.</summary>
    private static string PartitionDay(JsonObject table)
    {
        var field = table["timePartitioning"]?["field"]?.GetValue<string>()
                    ?? throw BigQueryErrorException.Invalid("A partition decorator needs a table partitioned on a column (ingestion-time partitioning is not modelled).");
        var type = table["schema"]!["fields"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == field)!["type"]!.GetValue<string>();
        return type == "TIMESTAMP" ? $"CAST(timezone('UTC', \"{field}\") AS DATE)" : $"CAST(\"{field}\" AS DATE)";
    }

    private static string Source(JsonObject load, string file)
    {
        var path = "'" + file.Replace("'", "''", StringComparison.Ordinal) + "'";
        return (load["sourceFormat"]?.GetValue<string>() ?? "CSV") switch
        {
            "PARQUET" => $"read_parquet({path})",
            "NEWLINE_DELIMITED_JSON" => $"read_json({path}, format = 'newline_delimited')",
            "CSV" => $"read_csv({path}, header = {((load["skipLeadingRows"]?.ToString() ?? "0") != "0" ? "true" : "false")})",
            var other => throw BigQueryErrorException.Invalid($"Source format {other} is not modelled by the stand-in."),
        };
    }

    private async Task<HashSet<string>> ColumnsOfAsync(string source, CancellationToken cancellationToken)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var command = _connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {source}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) columns.Add(reader.GetString(0));
        return columns;
    }

    /// <summary>
    /// A query for tests and clients to read back: BigQuery's backquoted names (<c>`project.dataset.table`</c> or
    /// <c>`dataset.table`</c>) become DuckDB's; the rest must be SQL both understand. Columns with BigQuery type names,
    /// and every value as text (as BigQuery's JSON answers carry them).
    /// </summary>
    public async Task<(JsonArray Fields, List<string?[]> Rows)> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var translated = BackquotedName().Replace(sql, m =>
        {
            var parts = m.Groups[1].Value.Split('.');
            return string.Join(".", parts.TakeLast(2).Select(p => "\"" + p + "\""));
        });
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = translated;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var fields = new JsonArray();
            for (int i = 0; i < reader.FieldCount; i++)
                fields.Add(new JsonObject { ["name"] = reader.GetName(i), ["type"] = BigQueryType(reader.GetFieldType(i)), ["mode"] = "NULLABLE" });
            var rows = new List<string?[]>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new string?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Text(reader.GetValue(i));
                rows.Add(row);
            }
            return (fields, rows);
        }
        catch (DuckDBException ex)
        {
            throw BigQueryErrorException.Invalid("Query error: " + ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BackquotedName();

    private static string BigQueryType(Type type) => type switch
    {
        _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(ulong) || type == typeof(uint) => "INTEGER",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "FLOAT",
        _ when type == typeof(bool) => "BOOLEAN",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "TIMESTAMP",
        _ => "STRING",
    };

    /// <summary>A value as BigQuery's JSON carries it; timestamps as microseconds since the epoch (Google's clients' default).</summary>
    private static string Text(object value) => value switch
    {
        DateTimeOffset t => ((t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture),
        DateTime t => ((DateTime.SpecifyKind(t, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
