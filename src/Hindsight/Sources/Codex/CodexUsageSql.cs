namespace Hindsight.Sources.Codex;

/// <summary>
/// Codex's usage rules as SQL over the stored records (applied by stage 2 through <see cref="CodexCallRules"/>):
/// <list type="bullet">
/// <item>a call is a <c>token_count</c> event whose cumulative <c>total_token_usage</c> (records' usage columns) grew:
/// its tokens are the growth since the file's previous count; a count that went down is a reset of the counter,
/// and the call's tokens are then the new total itself, never a negative delta; a count that did not grow is a repeat
/// of the last one, not a call;</item>
/// <item>a forked or subagent rollout replays its parent's lines, token counts included: a count with the timestamp
/// and totals of one already seen in another file is the same call, counted once (in the file first by path);</item>
/// <item>the model is the one of the file's latest <c>turn_context</c> before the count;</item>
/// <item><c>input_tokens</c> includes the cached input, so a call's fresh input is its input minus its cached input,
/// and the cached input is its cache reads; <c>reasoning_output_tokens</c> is already inside <c>output_tokens</c>.</item>
/// </list>
/// Codex's calls are rebuilt whole whenever stage 2 runs and the warehouse holds Codex rows: the replay rule looks
/// across files.
/// </summary>
public static class CodexUsageSql
{
    public const string Calls = """
        WITH lines AS (
            SELECT r.file_id, r.line_no, r."timestamp", coalesce(r.session_id, f.file_id) AS session_id, f.project, f.path, f.relative_path, f.source_root,
                   r.type, r.message_model, r.input_tokens, r.cache_read_tokens, r.output_tokens
            FROM records r JOIN files f ON f.file_id = r.file_id
            WHERE r.agent = 'codex' AND (r.type = 'turn_context' OR (r.type = 'event_msg' AND r.subtype = 'token_count'))
        ), modelled AS (
            SELECT *, last_value(message_model IGNORE NULLS) OVER (
                PARTITION BY file_id ORDER BY line_no ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS model
            FROM lines
        ), counts AS (
            SELECT *,
                   input_tokens - lag(input_tokens, 1, 0) OVER w AS d_input,
                   coalesce(cache_read_tokens, 0) - lag(coalesce(cache_read_tokens, 0), 1, 0) OVER w AS d_cached,
                   coalesce(output_tokens, 0) - lag(coalesce(output_tokens, 0), 1, 0) OVER w AS d_output
            FROM modelled
            WHERE type = 'event_msg' AND input_tokens IS NOT NULL
            WINDOW w AS (PARTITION BY file_id ORDER BY line_no)
        ), calls AS (
            SELECT *,
                   d_input < 0 OR d_cached < 0 OR d_output < 0 AS is_reset
            FROM counts
        )
        SELECT file_id, line_no, "timestamp", session_id, project, path, relative_path, source_root, model, is_reset,
               CASE WHEN is_reset THEN input_tokens ELSE d_input END AS input_with_cached,
               CASE WHEN is_reset THEN coalesce(cache_read_tokens, 0) ELSE d_cached END AS cached_input,
               CASE WHEN is_reset THEN coalesce(output_tokens, 0) ELSE d_output END AS output
        FROM calls
        WHERE is_reset OR d_input > 0 OR d_cached > 0 OR d_output > 0
        QUALIFY row_number() OVER (
            PARTITION BY "timestamp", input_tokens, cache_read_tokens, output_tokens ORDER BY path, line_no) = 1
        ORDER BY path, line_no
        """;
}
