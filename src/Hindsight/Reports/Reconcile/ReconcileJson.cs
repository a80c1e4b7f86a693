using System.Text;
using System.Text.Json;

namespace Hindsight.Reports.Reconcile;

/// <summary>`report reconcile --json`: one object per session and model with both sides, the difference and the reasons; keys in alphabetical order like the usage reports.</summary>
public static class ReconcileJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = TerminalSafeJsonEncoder.Instance };

    public static string ToJson(ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("reconcile");
            foreach (var row in report.Rows)
            {
                writer.WriteStartObject();
                writer.WriteNumber("calls", row.Calls);
                Side(writer, "claudeCode", row.ClaudeCode);
                Side(writer, "difference", row.Difference);
                writer.WriteStartArray("explanations");
                foreach (var text in row.Explanations) writer.WriteStringValue(text);
                writer.WriteEndArray();
                Side(writer, "hindsight", row.Hindsight);
                writer.WriteString("model", row.Model);
                writer.WriteNumber("outputUnfinalizedCalls", row.OutputUnfinalizedCalls);
                writer.WriteNumber("progressCopyCalls", row.ProgressCopyCalls);
                if (row.Project is null) writer.WriteNull("project"); else writer.WriteString("project", row.Project);
                writer.WriteString("sessionId", row.SessionId);
                writer.WriteNumber("sidechainCalls", row.SidechainCalls);
                writer.WriteString("status", row.Status);
                writer.WriteNumber("webSearchRequests", row.WebSearchRequests);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber("sessionsWithoutSnapshot", report.SessionsWithoutSnapshot);
            writer.WriteStartObject("totals");
            Side(writer, "claudeCode", report.ClaudeCodeTotal);
            Side(writer, "difference", report.ClaudeCodeTotal - report.HindsightTotal);
            Side(writer, "hindsight", report.HindsightTotal);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Side(Utf8JsonWriter writer, string name, ReconcileTokens? tokens)
    {
        if (tokens is null)
        {
            writer.WriteNull(name);
            return;
        }
        writer.WriteStartObject(name);
        writer.WriteNumber("cacheCreationTokens", tokens.CacheCreation);
        writer.WriteNumber("cacheReadTokens", tokens.CacheRead);
        if (tokens.Cost is { } cost) writer.WriteNumber("cost", cost); else writer.WriteNull("cost");
        writer.WriteNumber("inputTokens", tokens.Input);
        writer.WriteNumber("outputTokens", tokens.Output);
        writer.WriteNumber("totalTokens", tokens.Total);
        writer.WriteEndObject();
    }
}
