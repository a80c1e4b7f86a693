using DuckDB.NET.Data;
using Hindsight.Pricing;
using Hindsight.Sources;
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

    /// <summary>
    /// Computes again the calls the current slice touches (inside its transaction; <see cref="DerivedKeyTables.RefreshSliceAsync"/>
    /// has run): they are deleted and written anew, every other call stays as it is. Returns the calls written.
    /// </summary>
    public async Task<long> BuildSliceAsync(CancellationToken cancellationToken)
    {
        var calculator = new CostCalculator(prices);
        var priceVersion = PriceVersion(prices);
        var session = warehouse.Session;
        await session.ExecuteAsync(CleanSql.ApiCalls.DeleteTouched, cancellationToken);
        long calls = 0;
        using var writer = session.Writer(ApiCalls);
        await foreach (var row in session.StreamAsync(CleanSql.ApiCalls.Calls, cancellationToken))
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
    internal sealed record ApiCallRow(
        string? MessageId, string? RequestId, string? Model, string Project, string? SessionId, string FileSession, string? AgentId,
        bool IsSidechain, DateTimeOffset? Timestamp, TokenUsage Usage, string? Speed, double? Cost, string? PricedAs, string PriceVersion,
        int Lines, string FileId, long LineNo, string UsageSource, bool OutputUnfinalized, Agent Agent = Agent.ClaudeCode);

    /// <summary>The <c>api_calls</c> layout, shared with the other agents' usage rules (<see cref="Sources.IAgentCallRules"/>).</summary>
    internal static readonly TableLayout<ApiCallRow> ApiCalls = new TableLayout<ApiCallRow>("api_calls")
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
        .Boolean("output_unfinalized", c => c.OutputUnfinalized)
        .Text("agent", c => c.Agent.ToName());

    /// <summary>The price table's version as stored with each call (with the override file's, when one is merged).</summary>
    public static string PriceVersion(PriceTable prices) =>
        prices.OverrideVersion is { } overrideVersion ? $"{prices.Version}+{overrideVersion}" : prices.Version;

    /// <summary>What api_calls holds now, for the stage's metrics (one narrow aggregate over the table).</summary>
    public async Task<ApiCallCounts> CountsAsync(CancellationToken cancellationToken)
    {
        return (await warehouse.Session.ReadFirstAsync(CleanSql.ApiCalls.Statistics,
            row => new ApiCallCounts(row.GetInt64("calls"), row.GetInt64("unpriced"), row.GetInt64("progress_copies"), row.GetInt64("no_id_lines"),
                row.GetInt64("no_id_tokens"), row.GetInt64("total_tokens"), row.GetInt64("output_unfinalized")), cancellationToken))!;
    }
}
