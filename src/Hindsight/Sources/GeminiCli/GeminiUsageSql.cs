namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// Gemini CLI's usage rules as SQL over the stored records (applied by stage 2 through
/// <see cref="GeminiCallRules"/>):
/// <list type="bullet">
/// <item>a call is a <c>gemini</c> message with tokens; the record's usage is already as billed (GeminiMessage.Usage:
/// fresh input = input - cached + tool, output = output + thoughts, cache reads = cached);</item>
/// <item>in a <c>.jsonl</c> chat a message rewritten later (the same <c>id</c> on a later line, as Gemini CLI updates a
/// turn's tokens and tool calls) is one call, its last version's; a <c>.json</c> chat holds each message once;</item>
/// <item>the model is the message's own.</item>
/// </list>
/// Gemini's calls are rebuilt whole whenever stage 2 runs and the warehouse holds Gemini rows (a document's rows are
/// replaced whole whenever it changes).
/// </summary>
public static class GeminiUsageSql
{
    public const string Calls = """
        SELECT r.file_id, r.line_no, r."timestamp", r.session_id, f.project, f.relative_path, r.message_id, r.message_model AS model,
               r.input_tokens, coalesce(r.output_tokens, 0) AS output_tokens, coalesce(r.cache_read_tokens, 0) AS cache_read_tokens
        FROM records r JOIN files f ON f.file_id = r.file_id
        WHERE r.agent = 'gemini_cli' AND r.type = 'gemini' AND (r.input_tokens IS NOT NULL OR r.output_tokens IS NOT NULL)
        QUALIFY r.message_id IS NULL
             OR row_number() OVER (PARTITION BY r.file_id, r.message_id ORDER BY r.line_no DESC) = 1
        ORDER BY f.path, r.line_no
        """;
}
