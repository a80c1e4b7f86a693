using Hindsight.Messages;

namespace Hindsight.Reports.Html;

/// <summary>
/// The statements only the HTML page needs. Tokens and cost never come from here: they come from
/// <see cref="UsageReportQuery"/>, so the page's numbers are `report daily|project|session --json`'s.
/// </summary>
internal static class HtmlReportSql
{
    /// <summary>
    /// ($project and $agent are the empty string for all.) Stage 4's outcome per status for the human prompts of the
    /// filtered projects and agent, with what it cost.
    /// </summary>
    public static string Corrections(bool hasAgents) => $"""
        SELECT c.status, count(*) AS prompts, coalesce(sum(c.cost_usd), 0) AS cost_usd
        FROM corrections c
        JOIN entities e ON e.entity_id = c.entity_id
        JOIN messages m ON m.file_id = e.file_id AND m.line_no = e.line_no
            AND coalesce(m.block_index, -1) = coalesce(e.block_index, -1)
        WHERE ($project = '' OR m.project = $project) AND ($agent = '' OR {AgentOf(hasAgents)} = $agent)
        GROUP BY c.status ORDER BY c.status
        """;

    /// <summary>A message's agent: its column, or on a warehouse read before migration 19 (no such column), Claude Code.</summary>
    private static string AgentOf(bool hasAgents) => hasAgents ? "m.agent" : "'claude_code'";

    /// <summary>Per project: sessions and human prompts (the cost and tokens come from the project report).</summary>
    public static string ProjectActivity(bool hasAgents) => $"""
        SELECT m.project, count(DISTINCT m.session_id) AS sessions,
               count(*) FILTER (WHERE m.kind = 'human_prompt') AS prompts
        FROM messages m
        WHERE NOT m.is_duplicate AND ($project = '' OR m.project = $project) AND ($agent = '' OR {AgentOf(hasAgents)} = $agent)
        GROUP BY m.project
        """;

    /// <summary>One session's span, prompts and project (the cost and models come from the session report).</summary>
    public const string SessionActivity = """
        SELECT any_value(project) AS project, min(timestamp_utc) AS first_at, max(timestamp_utc) AS last_at,
               count(*) FILTER (WHERE kind = 'human_prompt') AS prompts
        FROM messages
        WHERE session_id = $session AND NOT is_duplicate
        """;

    /// <summary>
    /// One session's conversation in order (time, then file and line), with each human prompt's correction, each tool
    /// line's blocks (tool name, input, result text: redacted when stage 1 wrote them), and the file's dead letters
    /// placed after the last line before them. Long texts are clipped here (tool inputs and outputs hardest: they are most
    /// of a session's text, and collapsed on the page), so that the page stays small.
    /// </summary>
    public static readonly string Conversation = $"""
        WITH session_files AS (SELECT DISTINCT file_id FROM messages WHERE session_id = $session),
        blocks AS (
            SELECT b.file_id, b.line_no,
                   string_agg(b.tool_name, ', ' ORDER BY b.block_index) AS tool_names,
                   -- Each block clipped before it is joined: a session's tool outputs can run to hundreds of
                   -- megabytes, and one string of them all ran out of memory on the heavy corpus.
                   string_agg(left(coalesce(b.tool_input, b.text), $clip_tool), chr(10) ORDER BY b.block_index) AS block_text,
                   sum(length(coalesce(b.tool_input, b.text))) + count(coalesce(b.tool_input, b.text)) - 1 AS block_length,
                   bool_or(coalesce(b.is_error, false)) AS is_error
            FROM content_blocks b JOIN session_files USING (file_id)
            WHERE b.block_type IN ('tool_use', 'tool_result')
            GROUP BY ALL
        ),
        lines AS (
            SELECT m.file_id, m.line_no, m.timestamp_utc, m.kind, m.is_sidechain, m.agent_id,
                   CASE WHEN m.kind IN ('tool_call', 'tool_result') THEN bl.block_text ELSE m.text END AS body,
                   CASE WHEN m.kind IN ('tool_call', 'tool_result') THEN bl.block_length ELSE length(m.text) END AS body_length,
                   bl.tool_names, coalesce(bl.is_error, false) AS is_error,
                   c.status AS correction_status, c.original_text, c.corrected_text,
                   NULL::VARCHAR AS dead_reason
            FROM messages m
            LEFT JOIN blocks bl ON bl.file_id = m.file_id AND bl.line_no = m.line_no
            LEFT JOIN entities e ON e.entity_type = 'message' AND e.file_id = m.file_id AND e.line_no = m.line_no
            LEFT JOIN corrections c ON c.entity_id = e.entity_id
            WHERE m.session_id = $session AND NOT m.is_duplicate
              AND m.kind IN ({MessageKindNames.HumanTypedSqlList},
                             'assistant_text', 'thinking', 'tool_call', 'tool_result', 'compaction_summary', 'interruption')
            UNION ALL
            SELECT d.file_id, d.line_no,
                   (SELECT max(m2.timestamp_utc) FROM messages m2 WHERE m2.file_id = d.file_id AND m2.line_no < d.line_no),
                   'dead_letter', false, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, d.reason
            FROM dead_letters d JOIN session_files USING (file_id)
        )
        SELECT file_id, line_no, timestamp_utc, kind, is_sidechain, agent_id,
               left(body, CASE WHEN kind IN ('tool_call', 'tool_result') THEN $clip_tool
                               WHEN kind IN ('thinking', 'compaction_summary') THEN $clip_aside ELSE $clip END) AS body,
               body_length,
               tool_names, is_error, correction_status, original_text, corrected_text, dead_reason
        FROM lines
        ORDER BY timestamp_utc NULLS LAST, file_id, line_no
        """;
}
