using Hindsight.Messages;

namespace Hindsight.Watch;

/// <summary>The statements behind <see cref="TodayActivityQuery"/>; times are compared as epoch microseconds (no ICU extension).</summary>
internal static class TodayActivitySql
{
    /// <summary>Today's deduplicated API calls by model, dearest first.</summary>
    public const string ByModel = """
        SELECT coalesce(model, '(unknown)') AS model, count(*) AS calls,
               sum(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens)::BIGINT AS tokens,
               coalesce(sum(cost_usd), 0)::DOUBLE AS cost_usd
        FROM api_calls
        WHERE epoch_us("timestamp") >= $from_us AND epoch_us("timestamp") < $to_us
        GROUP BY 1
        ORDER BY cost_usd DESC, tokens DESC, model
        """;

    /// <summary>Sessions with a message since $from_us, the latest first, with their human-typed prompts in that window.</summary>
    public static readonly string ActiveSessions = $"""
        SELECT project, coalesce(session_id, '') AS session_id, max(epoch_us(timestamp_utc)) AS last_us,
               count(*) FILTER (WHERE kind IN ({MessageKindNames.HumanTypedSqlList})) AS prompts
        FROM messages
        WHERE NOT is_duplicate AND epoch_us(timestamp_utc) >= $from_us
        GROUP BY 1, 2
        ORDER BY last_us DESC, project, session_id
        LIMIT $limit
        """;

    /// <summary>The latest human-typed prompts since $from_us, clipped.</summary>
    public static readonly string LastPrompts = $"""
        SELECT epoch_us(timestamp_utc) AS at_us, project, left(text, $chars) AS text
        FROM messages
        WHERE kind IN ({MessageKindNames.HumanTypedSqlList}) AND NOT is_duplicate
          AND text IS NOT NULL AND text <> '' AND epoch_us(timestamp_utc) >= $from_us
        ORDER BY at_us DESC, file_id, line_no
        LIMIT $limit
        """;
}
