using DuckDB.NET.Data;
using Hindsight.Pricing;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Builds <c>api_calls</c>: one row per API response, free of the double counting that streaming
/// splits, resumed sessions and sidechain replays cause (docs/transcript-format.md §2.5). The rules are
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
               CASE WHEN is_copy THEN '{{UsageSources.ProgressCopy}}' WHEN no_ids THEN '{{UsageSources.NoIds}}' ELSE '{{UsageSources.Line}}' END AS usage_source,
               is_sidechain AND NOT is_copy AND NOT group_finalized AS output_unfinalized
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
        SELECT count(*) AS calls, count(*) FILTER (WHERE NOT is_priced) AS unpriced,
               count(*) FILTER (WHERE usage_source = '{UsageSources.ProgressCopy}') AS progress_copies,
               coalesce(sum(lines) FILTER (WHERE usage_source = '{UsageSources.NoIds}'), 0)::BIGINT AS no_id_lines,
               coalesce(sum(total_tokens) FILTER (WHERE usage_source = '{UsageSources.NoIds}'), 0)::BIGINT AS no_id_tokens,
               coalesce(sum(total_tokens), 0)::BIGINT AS total_tokens,
               count(*) FILTER (WHERE output_unfinalized) AS output_unfinalized
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
        var session = warehouse.Session;
        await session.ExecuteAsync(DeleteTouchedSql, cancellationToken);
        long calls = 0;
        using var writer = session.Writer(ApiCalls);
        await foreach (var row in session.StreamAsync(CallsSql, cancellationToken))
        {
            var model = row.GetStringOrNull("model");
            var usage = new TokenUsage
            {
                Input = row.GetInt64("input"),
                Output = row.GetInt64("output"),
                CacheCreation5m = row.GetInt64("c5m"),
                CacheCreation1h = row.GetInt64("c1h"),
                CacheCreationUnsplit = row.GetInt64("cflat"),
                CacheRead = row.GetInt64("cread"),
            };
            var speed = row.GetStringOrNull("speed");
            double? legacyCost = row.GetDoubleOrNull("cost_usd");
            var estimate = model is null ? CostEstimate.Unpriced("") : calculator.Estimate(model, usage, fastMode: speed == "fast");
            double? cost = legacyCost ?? estimate.Usd;
            writer.Append(new ApiCallRow(
                row.GetStringOrNull("message_id"), row.GetStringOrNull("request_id"), model, row.GetString("project"),
                row.GetStringOrNull("session_id"), FileSession.Of(row.GetString("relative_path")), row.GetStringOrNull("agent_id"),
                row.GetBoolean("is_sidechain"), row.GetTimestampOrNull("timestamp"), usage, speed, cost,
                legacyCost is not null ? "costUSD" : estimate.PricedAs, priceVersion, (int)row.GetInt64("group_lines"),
                row.GetString("file_id"), row.GetInt64("line_no"), row.GetString("usage_source"), row.GetBoolean("output_unfinalized")));
            calls++;
        }
        return calls;
    }

    /// <summary>One deduplicated call as <c>api_calls</c> stores it, priced.</summary>
    private sealed record ApiCallRow(
        string? MessageId, string? RequestId, string? Model, string Project, string? SessionId, string FileSession, string? AgentId,
        bool IsSidechain, DateTimeOffset? Timestamp, TokenUsage Usage, string? Speed, double? Cost, string? PricedAs, string PriceVersion,
        int Lines, string FileId, long LineNo, string UsageSource, bool OutputUnfinalized);

    private static readonly TableLayout<ApiCallRow> ApiCalls = new TableLayout<ApiCallRow>("api_calls")
        .Text("message_id", c => c.MessageId)
        .Text("request_id", c => c.RequestId)
        .Text("model", c => c.Model)
        .Text("project", c => c.Project)
        .Text("session_id", c => c.SessionId)
        .Text("file_session", c => c.FileSession)
        .Text("agent_id", c => c.AgentId)
        .Boolean("is_sidechain", c => c.IsSidechain)
        .TimestampTz("timestamp", c => c.Timestamp)
        .BigInt("input_tokens", c => c.Usage.Input)
        .BigInt("output_tokens", c => c.Usage.Output)
        .BigInt("cache_creation_tokens", c => c.Usage.CacheCreation)
        .BigInt("cache_creation_5m_tokens", c => c.Usage.CacheCreation5m)
        .BigInt("cache_creation_1h_tokens", c => c.Usage.CacheCreation1h)
        .BigInt("cache_creation_unsplit_tokens", c => c.Usage.CacheCreationUnsplit)
        .BigInt("cache_read_tokens", c => c.Usage.CacheRead)
        .BigInt("total_tokens", c => c.Usage.Total)
        .Text("speed", c => c.Speed)
        .Double("cost_usd", c => c.Cost)
        .Boolean("is_priced", c => c.Cost is not null)
        .Text("priced_as", c => c.PricedAs)
        .Text("price_table_version", c => c.PriceVersion)
        .Integer("lines", c => c.Lines)
        .Text("file_id", c => c.FileId)
        .BigInt("line_no", c => c.LineNo)
        .Text("usage_source", c => c.UsageSource)
        .Boolean("output_unfinalized", c => c.OutputUnfinalized);

    /// <summary>The price table's version as stored with each call (with the override file's, when one is merged).</summary>
    public static string PriceVersion(PriceTable prices) =>
        prices.OverrideVersion is { } overrideVersion ? $"{prices.Version}+{overrideVersion}" : prices.Version;

    /// <summary>What api_calls holds now, for the stage's metrics (one narrow aggregate over the table).</summary>
    public async Task<ApiCallCounts> CountsAsync(CancellationToken cancellationToken)
    {
        return (await warehouse.Session.ReadFirstAsync(StatisticsSql,
            row => new ApiCallCounts(row.GetInt64("calls"), row.GetInt64("unpriced"), row.GetInt64("progress_copies"), row.GetInt64("no_id_lines"),
                row.GetInt64("no_id_tokens"), row.GetInt64("total_tokens"), row.GetInt64("output_unfinalized")), cancellationToken))!;
    }
}
