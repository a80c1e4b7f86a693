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
/// <item>A subagent call copied into the parent's <c>progress</c> record (<c>data.message</c>) joins the group of
/// its message.id and requestId as a sidechain line that loses to any line of the subagent's own file: it counts
/// only when that file is missing or lacks the call.</item>
/// <item>Lines with neither message.id nor requestId merge only when each chains to the previous one by parentUuid
/// with the same model and identical usage (one response written block by block); they are marked
/// <c>no_ids</c> so reports can say how much cannot be deduplicated.</item>
/// </list>
/// Costs come from the shipped price table (a model it lacks stays unpriced, never priced as another);
/// a legacy line's own <c>costUSD</c> is used when present, as ccusage does. Built a slice of changed files at a
/// time, over the narrow <c>usage_lines</c> table: the calls whose message id a changed file's lines carry (before
/// or after the change), and the changed files' calls without message id, are computed again from every line that
/// shares them; every other call stays. The same input gives the same rows.
/// </summary>
public sealed class ApiCallBuilder(Warehouse.Warehouse warehouse, PriceTable prices)
{
    /// <summary>Part of stage 2's input signature: a change of these rules rebuilds api_calls on warehouses built before it.</summary>
    public const string RulesVersion = "calls-2 (progress copies, id-less merge, unfinalised output)";

    private static readonly string CallsSql = $$"""
        WITH lines AS (
            -- The calls the slice touches: every usage line of a touched message id, whatever its file, and the
            -- slice's lines without message id (their calls never leave their file).
            SELECT u.file_id, u.line_no, u.uuid, u.parent_uuid, u.message_id, u.request_id, u.model, f.project, u.session_id,
                   f.relative_path, f.path, u.agent_id, u.is_sidechain, u."timestamp",
                   u.input_tokens AS input, u.output_tokens AS output, u.cache_creation_5m_tokens AS c5m, u.cache_creation_1h_tokens AS c1h,
                   u.cache_creation_unsplit_tokens AS cflat, u.cache_read_tokens AS cread, u.speed, u.cost_usd,
                   u.is_api_error AS is_error, u.stop_reason, u.is_progress_copy AS is_copy
            FROM usage_lines u JOIN files f ON f.file_id = u.file_id
            WHERE u.message_id IN (SELECT message_id FROM {{DerivedKeyTables.TouchedCallKeys}})
               OR (u.message_id IS NULL AND u.{{DerivedFiles.InSlice("file_id")}})
        ),
        totals AS (
            SELECT *, input + output + c5m + c1h + cflat + cread AS total,
                   message_id IS NULL AND request_id IS NULL AS no_ids
            FROM lines
        ),
        idless AS (
            -- Lines without message.id and requestId: one response written block by block chains each line to the
            -- previous one (parentUuid) and repeats model and usage, so exactly that shape is merged; nothing else is.
            SELECT *, CASE WHEN no_ids AND lag(uuid) OVER w = parent_uuid AND lag(model) OVER w IS NOT DISTINCT FROM model
                                AND lag(input) OVER w = input AND lag(output) OVER w = output AND lag(c5m) OVER w = c5m
                                AND lag(c1h) OVER w = c1h AND lag(cflat) OVER w = cflat AND lag(cread) OVER w = cread
                           THEN 0 ELSE 1 END AS starts_call
            FROM totals
            WINDOW w AS (PARTITION BY file_id, no_ids ORDER BY line_no)
        ),
        keyed AS (
            SELECT *, CASE WHEN message_id IS NOT NULL THEN message_id
                           WHEN no_ids THEN file_id || ':n' || (sum(starts_call) OVER (PARTITION BY file_id, no_ids ORDER BY line_no ROWS UNBOUNDED PRECEDING))::VARCHAR
                           ELSE file_id || ':' || line_no::VARCHAR END AS call_key
            FROM idless
        ),
        grouped AS (
            SELECT *, count(*) OVER g AS group_lines, bool_or(stop_reason IS NOT NULL) OVER g AS group_finalized,
                   row_number() OVER (PARTITION BY call_key, coalesce(request_id, '')
                       ORDER BY is_copy, is_sidechain, total DESC, output DESC, c1h DESC, (speed IS NOT NULL) DESC, path, line_no) AS rank_in_group
            FROM keyed
            WHERE NOT (is_error AND total = 0)
            WINDOW g AS (PARTITION BY call_key, coalesce(request_id, ''))
        ),
        calls AS (
            SELECT *, bool_or(NOT is_sidechain) OVER (PARTITION BY call_key) AS key_has_main,
                   row_number() OVER (PARTITION BY call_key ORDER BY is_copy, total DESC, path, line_no) AS rank_in_key
            FROM grouped WHERE rank_in_group = 1
        )
        SELECT message_id, request_id, model, project, session_id, relative_path, agent_id, is_sidechain, "timestamp",
               input, output, c5m, c1h, cflat, cread, total, speed, cost_usd, group_lines, file_id, line_no,
               CASE WHEN is_copy THEN '{{UsageSources.ProgressCopy}}' WHEN no_ids THEN '{{UsageSources.NoIds}}' ELSE '{{UsageSources.Line}}' END,
               is_sidechain AND NOT is_copy AND NOT group_finalized
        FROM calls
        WHERE NOT is_sidechain OR (NOT key_has_main AND rank_in_key = 1)
        ORDER BY path, line_no
        """;

    /// <summary>The calls the slice touches, removed before they are computed again.</summary>
    private static readonly string DeleteTouchedSql = $"""
        DELETE FROM api_calls
        WHERE message_id IN (SELECT message_id FROM {DerivedKeyTables.TouchedCallKeys})
           OR (message_id IS NULL AND {DerivedFiles.InSlice("file_id")})
        """;

    private const string StatisticsSql = $"""
        SELECT count(*), count(*) FILTER (WHERE NOT is_priced),
               count(*) FILTER (WHERE usage_source = '{UsageSources.ProgressCopy}'),
               coalesce(sum(lines) FILTER (WHERE usage_source = '{UsageSources.NoIds}'), 0)::BIGINT,
               coalesce(sum(total_tokens) FILTER (WHERE usage_source = '{UsageSources.NoIds}'), 0)::BIGINT,
               coalesce(sum(total_tokens), 0)::BIGINT,
               count(*) FILTER (WHERE output_unfinalized)
        FROM api_calls
        """;

    /// <summary>
    /// Computes again the calls the current slice touches (inside its transaction; <see cref="DerivedKeyTables.RefreshSliceAsync"/>
    /// has run): they are deleted and written anew, every other call stays as it is. Returns the calls written.
    /// </summary>
    public async Task<long> BuildSliceAsync(CancellationToken cancellationToken)
    {
        var calculator = new CostCalculator(prices);
        var priceVersion = PriceVersion(prices);
        var connection = warehouse.Connection;
        await warehouse.ExecuteAsync(DeleteTouchedSql, cancellationToken);
        long calls = 0;
        using var select = connection.CreateCommand();
        select.CommandText = CallsSql;
        using var reader = await select.ExecuteReaderAsync(cancellationToken);
        using var appender = connection.CreateAppender("api_calls");
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
                .AppendValue(reader.GetString(21))
                .AppendValue(reader.GetBoolean(22))
                .EndRow();
            calls++;
        }
        return calls;
    }

    /// <summary>The price table's version as stored with each call (with the override file's, when one is merged).</summary>
    public static string PriceVersion(PriceTable prices) =>
        prices.OverrideVersion is { } overrideVersion ? $"{prices.Version}+{overrideVersion}" : prices.Version;

    /// <summary>What api_calls holds now, for the stage's metrics (one narrow aggregate over the table).</summary>
    public async Task<ApiCallCounts> CountsAsync(CancellationToken cancellationToken)
    {
        using var statistics = warehouse.Connection.CreateCommand();
        statistics.CommandText = StatisticsSql;
        using var row = await statistics.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return new ApiCallCounts(row.GetInt64(0), row.GetInt64(1), row.GetInt64(2), row.GetInt64(3), row.GetInt64(4), row.GetInt64(5), row.GetInt64(6));
    }
}
