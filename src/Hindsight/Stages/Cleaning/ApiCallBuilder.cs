using DuckDB.NET.Data;
using Hindsight.Pricing;

namespace Hindsight.Stages.Cleaning;

/// <summary>
/// Builds <c>api_calls</c>: one row per API response, free of the double counting that streaming
/// splits, resumed sessions and sidechain replays cause (transcript-format.md §2.5). The rules are
/// ccusage 20's, measured in tools/ccusage/README.md:
/// <list type="bullet">
/// <item>Assistant lines with usage are grouped by (message.id, requestId) across all files; a line
/// without requestId groups by message.id alone; a line without message.id is its own call.</item>
/// <item>The group's usage is that of one line: non-sidechain first, then the largest token total,
/// then the dearer kind (output, 1-hour writes), then a line that has <c>speed</c>, then path and line.</item>
/// <item>A sidechain group that repeats the message.id of a main-chain group under another requestId
/// is a replay and is dropped; when all groups of a message.id are sidechain, only the largest stays.</item>
/// <item><c>&lt;synthetic&gt;</c> lines and API-error lines with zero usage are not calls.</item>
/// </list>
/// Costs come from the shipped price table (a model it lacks stays unpriced, never priced as another);
/// a legacy line's own <c>costUSD</c> is used when present, as ccusage does. Rebuilt in full each run, in
/// one transaction: the same input gives the same rows.
/// </summary>
public sealed class ApiCallBuilder(Warehouse.Warehouse warehouse, PriceTable prices)
{
    private const string CallsSql = """
        WITH lines AS (
            SELECT r.file_id, r.line_no, r.message_id, r.request_id, r.message_model AS model, f.project, r.session_id,
                   f.relative_path, f.path, r.agent_id, coalesce(r.is_sidechain, false) AS is_sidechain, r."timestamp",
                   coalesce(r.input_tokens, 0) AS input, coalesce(r.output_tokens, 0) AS output,
                   coalesce(r.cache_creation_5m_tokens, 0) AS c5m, coalesce(r.cache_creation_1h_tokens, 0) AS c1h,
                   CASE WHEN r.cache_creation_5m_tokens IS NULL AND r.cache_creation_1h_tokens IS NULL
                        THEN coalesce(r.cache_creation_tokens, 0) ELSE 0 END AS cflat,
                   coalesce(r.cache_read_tokens, 0) AS cread, r.speed, r.cost_usd,
                   coalesce(r.is_api_error_message, false) AS is_error
            FROM records r JOIN files f ON f.file_id = r.file_id
            WHERE r.type = 'assistant' AND (r.input_tokens IS NOT NULL OR r.output_tokens IS NOT NULL)
              AND coalesce(r.message_model, '') <> '<synthetic>'
        ),
        totals AS (
            SELECT *, input + output + c5m + c1h + cflat + cread AS total,
                   coalesce(message_id, file_id || ':' || line_no::VARCHAR) AS call_key
            FROM lines
        ),
        grouped AS (
            SELECT *, count(*) OVER g AS group_lines,
                   row_number() OVER (PARTITION BY call_key, coalesce(request_id, '')
                       ORDER BY is_sidechain, total DESC, output DESC, c1h DESC, (speed IS NOT NULL) DESC, path, line_no) AS rank_in_group
            FROM totals
            WHERE NOT (is_error AND total = 0)
            WINDOW g AS (PARTITION BY call_key, coalesce(request_id, ''))
        ),
        calls AS (
            SELECT *, bool_or(NOT is_sidechain) OVER (PARTITION BY call_key) AS key_has_main,
                   row_number() OVER (PARTITION BY call_key ORDER BY total DESC, path, line_no) AS rank_in_key
            FROM grouped WHERE rank_in_group = 1
        )
        SELECT message_id, request_id, model, project, session_id, relative_path, agent_id, is_sidechain, "timestamp",
               input, output, c5m, c1h, cflat, cread, total, speed, cost_usd, group_lines, file_id, line_no
        FROM calls
        WHERE NOT is_sidechain OR (NOT key_has_main AND rank_in_key = 1)
        ORDER BY path, line_no
        """;

    public async Task<(long Calls, long Unpriced)> RunAsync(CancellationToken cancellationToken)
    {
        var calculator = new CostCalculator(prices);
        var priceVersion = prices.OverrideVersion is { } overrideVersion ? $"{prices.Version}+{overrideVersion}" : prices.Version;
        var connection = warehouse.Connection;
        using var transaction = connection.BeginTransaction();
        await warehouse.ExecuteAsync("CREATE OR REPLACE TEMP TABLE api_calls_new AS SELECT * FROM api_calls LIMIT 0", cancellationToken);
        long calls = 0, unpriced = 0;
        using (var select = connection.CreateCommand())
        {
            select.CommandText = CallsSql;
            using var reader = await select.ExecuteReaderAsync(cancellationToken);
            using var appender = connection.CreateAppender("api_calls_new");
            while (await reader.ReadAsync(cancellationToken))
            {
                var model = reader.IsDBNull(2) ? null : reader.GetString(2);
                var usage = new TokenUsage
                {
                    Input = reader.GetInt64(9),
                    Output = reader.GetInt64(10),
                    CacheCreation5m = reader.GetInt64(11),
                    CacheCreation1h = reader.GetInt64(12),
                    CacheCreationUnsplit = reader.GetInt64(13),
                    CacheRead = reader.GetInt64(14),
                };
                var speed = reader.IsDBNull(16) ? null : reader.GetString(16);
                double? legacyCost = reader.IsDBNull(17) ? null : reader.GetDouble(17);
                var estimate = model is null ? CostEstimate.Unpriced("") : calculator.Estimate(model, usage, fastMode: speed == "fast");
                double? cost = legacyCost ?? estimate.Usd;
                if (cost is null) unpriced++;
                appender.CreateRow()
                    .AppendValue(reader.IsDBNull(0) ? null : reader.GetString(0))
                    .AppendValue(reader.IsDBNull(1) ? null : reader.GetString(1))
                    .AppendValue(model)
                    .AppendValue(reader.GetString(3))
                    .AppendValue(reader.IsDBNull(4) ? null : reader.GetString(4))
                    .AppendValue(FileSession.Of(reader.GetString(5)))
                    .AppendValue(reader.IsDBNull(6) ? null : reader.GetString(6))
                    .AppendValue(reader.GetBoolean(7))
                    .AppendValue(reader.IsDBNull(8) ? null : (DateTimeOffset?)Warehouse.DuckDbValues.ToUtc(reader.GetValue(8)))
                    .AppendValue(usage.Input).AppendValue(usage.Output).AppendValue(usage.CacheCreation)
                    .AppendValue(usage.CacheCreation5m).AppendValue(usage.CacheCreation1h).AppendValue(usage.CacheCreationUnsplit)
                    .AppendValue(usage.CacheRead).AppendValue(usage.Total)
                    .AppendValue(speed)
                    .AppendValue(cost)
                    .AppendValue(cost is not null)
                    .AppendValue(legacyCost is not null ? "costUSD" : estimate.PricedAs)
                    .AppendValue(priceVersion)
                    .AppendValue((int)reader.GetInt64(18))
                    .AppendValue(reader.GetString(19))
                    .AppendValue(reader.GetInt64(20))
                    .EndRow();
                calls++;
            }
        }
        await warehouse.ExecuteAsync("DELETE FROM api_calls", cancellationToken);
        await warehouse.ExecuteAsync("INSERT INTO api_calls SELECT * FROM api_calls_new", cancellationToken);
        await warehouse.ExecuteAsync("DROP TABLE api_calls_new", cancellationToken);
        transaction.Commit();
        return (calls, unpriced);
    }
}
