using System.Text;
using DuckDB.NET.Data;

namespace Hindsight.Reports;

/// <summary>
/// Reads <c>api_calls</c> (one row per deduplicated API call, filled by stage 2) and builds a usage report.
/// Calls are read in processing order (file path, then line) and grouped by <see cref="UsageReportBuilder"/>,
/// because periods are local dates in an arbitrary IANA zone, which the builder computes with the system's
/// zone rules rather than relying on DuckDB's optional ICU extension.
/// </summary>
public static class UsageReportQuery
{
    /// <summary>The widest UTC offset is 14 hours; a two-day margin makes the SQL date window safe for any zone.</summary>
    private static readonly TimeSpan WindowMargin = TimeSpan.FromDays(2);

    public static async Task<UsageReport> ReadAsync(DuckDBConnection connection, UsageReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        await RequireApiCallsAsync(connection, cancellationToken);
        // A warehouse opened read-only before migration 7 has no usage_source column yet: every call is a plain line.
        bool hasSources = await HasUsageSourcesAsync(connection, cancellationToken);

        using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT epoch_us(a."timestamp"), a.model, a.speed, a.project, a.file_session,
                   a.input_tokens, a.output_tokens, a.cache_creation_tokens, a.cache_read_tokens, a.cost_usd,
            """);
        sql.Append(hasSources ? " a.usage_source, a.lines, a.output_unfinalized" : " 'line', a.lines, false");
        sql.Append("""

            FROM api_calls a LEFT JOIN files f ON f.file_id = a.file_id
            WHERE true
            """);
        if (request.Project is not null)
        {
            sql.Append(" AND a.project = $project");
            command.Parameters.Add(new DuckDBParameter("project", request.Project));
        }
        if (request.Since is { } since)
        {
            sql.Append(" AND epoch_us(a.\"timestamp\") >= $from_us");
            command.Parameters.Add(new DuckDBParameter("from_us", WindowStart(since)));
        }
        if (request.Until is { } until)
        {
            sql.Append(" AND epoch_us(a.\"timestamp\") < $to_us");
            command.Parameters.Add(new DuckDBParameter("to_us", WindowEnd(until)));
        }
        // Binary string order of the full path, then line: the order ccusage reads lines in.
        sql.Append(" ORDER BY f.path NULLS LAST, a.file_id, a.line_no, a.message_id, a.request_id");
        command.CommandText = sql.ToString();

        var builder = new UsageReportBuilder(request);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            builder.Add(new ApiCallUsage
            {
                Timestamp = reader.IsDBNull(0) ? null : DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(0) * TimeSpan.TicksPerMicrosecond),
                Model = reader.IsDBNull(1) ? null : reader.GetString(1),
                Speed = reader.IsDBNull(2) ? null : reader.GetString(2),
                Project = reader.GetString(3),
                FileSession = reader.GetString(4),
                Tokens = new UsageTokens(reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
                Cost = reader.IsDBNull(9) ? null : reader.GetDouble(9),
                UsageSource = reader.IsDBNull(10) ? Stages.Cleaning.UsageSources.Line : reader.GetString(10),
                Lines = reader.GetInt32(11),
                OutputUnfinalized = !reader.IsDBNull(12) && reader.GetBoolean(12),
            });
        }
        return builder.Build();
    }

    private static async Task<bool> HasUsageSourcesAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'api_calls' AND column_name = 'usage_source'";
        return Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task RequireApiCallsAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'api_calls'";
        var count = Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (count == 0)
            throw new ReportException("This warehouse has no api_calls table yet (it predates stage 2). Run `hindsight run` to upgrade and fill it.");
    }

    private static long WindowStart(DateOnly since) =>
        since.DayNumber <= DateOnly.MinValue.DayNumber + WindowMargin.Days ? long.MinValue
            : EpochMicroseconds(since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - WindowMargin);

    private static long WindowEnd(DateOnly until) =>
        until.DayNumber >= DateOnly.MaxValue.DayNumber - WindowMargin.Days - 1 ? long.MaxValue
            : EpochMicroseconds(until.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + WindowMargin);

    private static long EpochMicroseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
