using DuckDB.NET.Data;
using Hindsight.Messages;
using Hindsight.Warehouse;

namespace Hindsight.Reports.Html;

/// <summary>
/// Streams one session's conversation into the page, a line at a time: human prompts (with their correction as a
/// word diff), assistant text, thinking and tool calls and results collapsed, subagent turns nested, dead letters
/// marked. Texts are the warehouse's redacted ones, clipped and escaped.
/// </summary>
internal sealed class ConversationWriter(WarehouseSession session, TextWriter page)
{
    /// <summary>Characters of a prompt or of assistant text shown; the rest is counted, not embedded.</summary>
    public const int ClipCharacters = 4000;

    /// <summary>Characters of a tool call's input or a tool's output shown (they were 80% of a seed-corpus page's bytes: a tool's output can be megabytes).</summary>
    public const int ToolClipCharacters = 300;

    /// <summary>Characters of thinking and of a compaction summary shown.</summary>
    public const int AsideClipCharacters = 800;

    /// <summary>
    /// Lines of one session shown: with the clips above, this bounds a session's share of the page whatever its length
    /// (the seed corpus's top 20 sessions average about 650 lines).
    /// </summary>
    public const int MaxLines = 1000;

    private static readonly HashSet<string> HumanKinds = new(MessageKindNames.HumanTyped.Select(k => k.ToName()), StringComparer.Ordinal);

    public async Task<int> WriteAsync(string sessionId, CancellationToken cancellationToken)
    {
        int lines = 0;
        string? openAgent = null;
        bool inSubagent = false;
        await foreach (var row in session.StreamAsync(HtmlReportSql.Conversation, cancellationToken,
                           new DuckDBParameter("session", sessionId), new DuckDBParameter("clip", ClipCharacters),
                           new DuckDBParameter("clip_tool", ToolClipCharacters), new DuckDBParameter("clip_aside", AsideClipCharacters)))
        {
            bool sidechain = row.GetBoolean("is_sidechain");
            var agent = row.GetStringOrNull("agent_id");
            if (inSubagent && (!sidechain || agent != openAgent))
            {
                await page.WriteLineAsync("</div>");
                inSubagent = false;
            }
            if (sidechain && !inSubagent)
            {
                await page.WriteLineAsync($"<div class=\"subagent\"><span class=\"muted\">subagent {HtmlText.Escape(agent ?? "")}</span>");
                inSubagent = true;
                openAgent = agent;
            }
            if (lines == MaxLines)
            {
                if (inSubagent) await page.WriteLineAsync("</div>");
                inSubagent = false;
                await page.WriteLineAsync($"<p class=\"muted\" data-kind=\"truncated\">The page shows this session's first {HtmlText.Count(MaxLines)} lines; the rest are in the warehouse (`hindsight query`, table messages).</p>");
                break;
            }
            await page.WriteLineAsync(Render(row));
            lines++;
        }
        if (inSubagent) await page.WriteLineAsync("</div>");
        return lines;
    }

    private static string Render(WarehouseRow row)
    {
        var kind = row.GetString("kind");
        var body = Body(row);
        var when = row.GetTimestampOrNull("timestamp_utc") is { } at ? $"{at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "";
        if (HumanKinds.Contains(kind)) return Human(row, kind, body, when);
        return kind switch
        {
            "assistant_text" => $"<div class=\"msg assistant\" data-kind=\"assistant_text\"><span class=\"who\">assistant · {when}</span>{body}</div>",
            "tool_call" => Collapsed("tool", "tool_call", $"tool call: {HtmlText.Escape(row.GetStringOrNull("tool_names") ?? "")}", body),
            "tool_result" => Collapsed(row.GetBoolean("is_error") ? "tool error" : "tool", "tool_result", row.GetBoolean("is_error") ? "tool result (error)" : "tool result", body),
            "thinking" => Collapsed("thinking", "thinking", "thinking", body),
            "compaction_summary" => Collapsed("thinking", "compaction_summary", "compaction summary", body),
            "dead_letter" => $"<div class=\"msg dead\" data-kind=\"dead_letter\">dead letter at line {row.GetInt64("line_no")}: {HtmlText.Escape(row.GetStringOrNull("dead_reason"))} (kept in the warehouse, not shown)</div>",
            _ => $"<div class=\"msg\" data-kind=\"{HtmlText.Escape(kind)}\"><span class=\"who\">{HtmlText.Escape(kind)} · {when}</span>{body}</div>",
        };
    }

    private static string Human(WarehouseRow row, string kind, string body, string when)
    {
        var status = row.GetStringOrNull("correction_status");
        var badge = status is null ? "" : $"<span class=\"badge\">{HtmlText.Escape(status)}</span>";
        var shown = status == "corrected" && row.GetStringOrNull("original_text") is { } original && row.GetStringOrNull("corrected_text") is { } corrected
            ? $"<div class=\"diff\" data-correction=\"corrected\">{PromptDiff.ToHtml(HtmlText.Clip(original, ClipCharacters), HtmlText.Clip(corrected, ClipCharacters))}</div>"
            : body;
        return $"<div class=\"msg human\" data-kind=\"{HtmlText.Escape(kind)}\"><span class=\"who\">{HtmlText.Escape(kind.Replace('_', ' '))} · {when}{badge}</span>{shown}</div>";
    }

    private static string Collapsed(string cssClass, string kind, string summary, string body) =>
        $"<details class=\"{cssClass}\" data-kind=\"{kind}\"><summary>{summary}</summary><pre>{body}</pre></details>";

    private static string Body(WarehouseRow row)
    {
        var text = row.GetStringOrNull("body") ?? "";
        long length = row.GetInt64OrNull("body_length") ?? 0;
        var escaped = HtmlText.Escape(text);
        return length > text.Length ? escaped + $"<span class=\"muted\">\n… ({HtmlText.Count(length - text.Length)} more characters)</span>" : escaped;
    }
}
