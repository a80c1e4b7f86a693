using System.Text.Json.Nodes;
using Hindsight.Pricing;
using Hindsight.Runs;
using Hindsight.Stages.Cleaning;

namespace Hindsight.Stages;

/// <summary>
/// Stage 2: the silver layer. Classifies every record into a message kind with its cleaned text,
/// detected secrets redacted (raw rows stay untouched and are the only place a secret is kept), marks duplicates with their reason, and builds one row per API call
/// with its real token usage and cost.
/// </summary>
public sealed class CleaningStage : IIncrementalStage
{
    public int Number => 2;
    public string Name => "cleaning";

    /// <summary>Every stored record as ingested (a re-read file gets a new run id), the price table, and the output's size.</summary>
    public Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken) =>
        inputs.SignatureAsync(
            ["SELECT count(*), sum(hash(file_id, line_no, run_id)) FROM records", "SELECT count(*) FROM messages", "SELECT count(*) FROM api_calls"],
            [context.Prices.Version, ApiCallBuilder.RulesVersion, context.Options.PriceOverrideFile ?? ""], cancellationToken);

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.Options.DryRun)
            return StageOutcome.Skipped("dry run: stage 2 derives tables from stored records and writes them");
        var warehouse = context.RequireWarehouse();
        var table = context.Prices;
        long pending = Convert.ToInt64(await warehouse.ScalarAsync(
            "SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = r.file_id AND m.line_no = r.line_no)",
            cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        ClassificationPass.Counts classified;
        using (var progress = context.Progress.BeginStage(Number, Name, pending, "records"))
        {
            classified = await new ClassificationPass(warehouse, Math.Max(1000, context.Options.BatchSize * 10)).RunAsync(progress, cancellationToken);
        }
        var (changedMarks, duplicates) = await new DuplicateMarker(warehouse).RunAsync(cancellationToken);
        var callCounts = await new ApiCallBuilder(warehouse, table).RunAsync(cancellationToken);
        var (calls, unpriced) = (callCounts.Calls, callCounts.Unpriced);
        var (costStateSessions, _) = await new CostStateBuilder(warehouse).RunAsync(cancellationToken);

        long humanPrompts = Convert.ToInt64(await warehouse.ScalarAsync(
            $"SELECT count(*) FROM messages WHERE kind IN ({MessageKinds.HumanTypedSqlList}) AND NOT is_duplicate", cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        var metrics = new JsonObject
        {
            ["records_classified"] = classified.Classified,
            ["messages_removed"] = classified.Removed,
            ["kinds_classified"] = MetricCounts.ToJson(classified.Kinds),
            ["secrets_redacted_in_typed_tool_results"] = classified.SecretsRedacted,
            ["duplicate_marks_changed"] = changedMarks,
            ["duplicates"] = MetricCounts.ToJson(duplicates),
            ["human_typed_messages"] = humanPrompts,
            ["api_calls"] = calls,
            ["api_calls_unpriced"] = unpriced,
            ["price_table_version"] = table.Version,
            ["api_calls_from_progress_copies"] = callCounts.ProgressCopies,
            ["usage_lines_without_ids"] = callCounts.LinesWithoutIds,
            ["usage_tokens_without_ids"] = callCounts.TokensWithoutIds,
            ["usage_token_share_without_ids"] = Math.Round(callCounts.ShareWithoutIds, 4),
            ["api_calls_output_unfinalized"] = callCounts.OutputUnfinalized,
            ["cost_state_sessions"] = costStateSessions,
            ["warnings"] = new JsonArray(UsageWarnings.Describe(callCounts.LinesWithoutIds, callCounts.ShareWithoutIds, callCounts.OutputUnfinalized)
                .Select(w => (JsonNode?)w).ToArray()),
            ["summary"] = $"{classified.Classified:N0} records classified, {duplicates.Values.Sum():N0} duplicates marked, {calls:N0} API calls ({unpriced:N0} unpriced), {humanPrompts:N0} human-typed messages",
        };
        return new StageOutcome(StageStatus.Succeeded, classified.Classified, calls, 0, metrics);
    }
}
