using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hindsight.Reports;

/// <summary>
/// Writes a report in ccusage 20's top-level JSON shape (<c>ccusage daily|weekly|monthly|session --json</c>), so that
/// scripts written for ccusage read Hindsight's output unchanged: the view's key (<c>daily</c>, ...) holding the rows,
/// and <c>totals</c>; every object's keys in alphabetical order, as ccusage prints them. The <c>project</c> and
/// <c>model</c> views, which ccusage lacks, use the same row shape with the project or model name as <c>period</c>.
/// </summary>
public static class UsageReportJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Project and model names print as written (ccusage does not escape non-ASCII either).
        Encoder = TerminalSafeJsonEncoder.Instance,
    };

    public static string ToJson(UsageReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(UsageReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var writer = new Utf8JsonWriter(stream, Options);
        writer.WriteStartObject();
        var rowsKey = ReportViewNames.Of(report.View);
        // Keys sorted as ccusage sorts them: "totals" comes after "daily" but before "weekly". "warnings" is
        // Hindsight's own and printed only when there is something to warn about, so ccusage's shape is kept otherwise.
        var sections = new List<(string Key, Action Write)>
        {
            (rowsKey, () => WriteRows(writer, rowsKey, report)),
            ("totals", () => WriteTotals(writer, report.Totals)),
        };
        if (report.Warnings.Any) sections.Add(("warnings", () => WriteWarnings(writer, report.Warnings)));
        foreach (var (_, write) in sections.OrderBy(s => s.Key, StringComparer.Ordinal)) write();
        writer.WriteEndObject();
    }

    /// <summary>ccusage's name of an agent (<c>claude</c>, <c>codex</c>, <c>gemini</c>) for Hindsight's stored one.</summary>
    private static string CcusageAgentName(string? agent) => agent switch
    {
        null or "claude_code" => "claude",
        "gemini_cli" => "gemini",
        _ => agent,
    };

    private static void WriteRows(Utf8JsonWriter writer, string key, UsageReport report)
    {
        bool session = report.View == ReportView.Session;
        writer.WriteStartArray(key);
        foreach (var row in report.Rows)
        {
            writer.WriteStartObject();
            // ccusage's session rows name their agent; the other views merge all agents ("all") and list them in metadata.
            writer.WriteString("agent", session ? CcusageAgentName(row.Agents.Count > 0 ? row.Agents[0] : null) : "all");
            writer.WriteNumber("cacheCreationTokens", row.Tokens.CacheCreation);
            writer.WriteNumber("cacheReadTokens", row.Tokens.CacheRead);
            writer.WriteNumber("inputTokens", row.Tokens.Input);
            writer.WriteStartObject("metadata");
            if (session)
            {
                writer.WriteString("lastActivity", row.LastActivity.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteStartArray("agents");
                foreach (var agent in row.Agents.Select(CcusageAgentName).Distinct(StringComparer.Ordinal)) writer.WriteStringValue(agent);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteStartArray("modelBreakdowns");
            foreach (var model in row.ModelBreakdowns) WriteBreakdown(writer, model);
            writer.WriteEndArray();
            writer.WriteStartArray("modelsUsed");
            foreach (var name in row.ModelsUsed) writer.WriteStringValue(name);
            writer.WriteEndArray();
            writer.WriteNumber("outputTokens", row.Tokens.Output);
            writer.WriteString("period", row.Period);
            writer.WritePropertyName("totalCost");
            writer.WriteRawValue(CcusageNumber.TotalCost(row.TotalCost));
            writer.WriteNumber("totalTokens", row.Tokens.Total);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteBreakdown(Utf8JsonWriter writer, ModelUsage model)
    {
        writer.WriteStartObject();
        writer.WriteNumber("cacheCreationTokens", model.Tokens.CacheCreation);
        writer.WriteNumber("cacheReadTokens", model.Tokens.CacheRead);
        writer.WritePropertyName("cost");
        writer.WriteRawValue(CcusageNumber.Cost(model.Cost));
        writer.WriteNumber("inputTokens", model.Tokens.Input);
        // Present only when true, as in ccusage.
        if (model.MissingPricing) writer.WriteBoolean("missingPricing", true);
        writer.WriteString("modelName", model.ModelName);
        writer.WriteNumber("outputTokens", model.Tokens.Output);
        writer.WriteEndObject();
    }

    private static void WriteWarnings(Utf8JsonWriter writer, UsageReportWarnings warnings)
    {
        writer.WriteStartObject("warnings");
        writer.WriteStartArray("messages");
        foreach (var message in warnings.Messages) writer.WriteStringValue(message);
        writer.WriteEndArray();
        writer.WriteNumber("outputUnfinalizedCalls", warnings.UnfinalizedCalls);
        writer.WriteNumber("progressCopyCalls", warnings.ProgressCopies);
        writer.WriteNumber("tokensWithoutIds", warnings.TokensWithoutIds);
        writer.WriteNumber("tokenShareWithoutIds", Math.Round(warnings.ShareWithoutIds, 6));
        writer.WriteNumber("usageLinesWithoutIds", warnings.LinesWithoutIds);
        writer.WriteEndObject();
    }

    private static void WriteTotals(Utf8JsonWriter writer, UsageReportTotals totals)
    {
        writer.WriteStartObject("totals");
        writer.WriteNumber("cacheCreationTokens", totals.Tokens.CacheCreation);
        writer.WriteNumber("cacheReadTokens", totals.Tokens.CacheRead);
        writer.WriteNumber("inputTokens", totals.Tokens.Input);
        writer.WriteNumber("outputTokens", totals.Tokens.Output);
        writer.WritePropertyName("totalCost");
        writer.WriteRawValue(CcusageNumber.TotalCost(totals.TotalCost));
        writer.WriteNumber("totalTokens", totals.Tokens.Total);
        if (totals.UnpricedModels.Count > 0)
        {
            writer.WriteStartArray("unpricedModels");
            foreach (var name in totals.UnpricedModels) writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
