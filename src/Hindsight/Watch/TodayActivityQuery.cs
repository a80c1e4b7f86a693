using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Watch;

/// <summary>Reads <see cref="TodayActivity"/> from the warehouse (three small queries over today's rows).</summary>
public static class TodayActivityQuery
{
    /// <summary>A session counts as active when it wrote a message this recently.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(15);
    public const int PromptChars = 160;
    private const int Sessions = 8;
    private const int Prompts = 5;

    public static async Task<TodayActivity> ReadAsync(WarehouseSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        long from = Microseconds(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        long to = from + (long)TimeSpan.FromDays(1).TotalMicroseconds;
        var models = await session.ReadAsync(TodayActivitySql.ByModel,
            row => new TodayModel(row.GetString("model"), row.GetInt64("calls"), row.GetInt64OrNull("tokens") ?? 0, row.GetDoubleOrNull("cost_usd") ?? 0),
            cancellationToken, new DuckDBParameter("from_us", from), new DuckDBParameter("to_us", to));
        var active = await session.ReadAsync(TodayActivitySql.ActiveSessions,
            row => new ActiveSession(row.GetString("project"), row.GetString("session_id"), FromMicroseconds(row.GetInt64("last_us")), row.GetInt64("prompts")),
            cancellationToken, new DuckDBParameter("from_us", Microseconds(now - ActiveWindow)), new DuckDBParameter("limit", Sessions));
        var prompts = await session.ReadAsync(TodayActivitySql.LastPrompts,
            row => new RecentPrompt(FromMicroseconds(row.GetInt64("at_us")), row.GetString("project"), row.GetString("text")),
            cancellationToken, new DuckDBParameter("from_us", from), new DuckDBParameter("chars", PromptChars), new DuckDBParameter("limit", Prompts));
        return new TodayActivity(day, models, active, prompts);
    }

    private static long Microseconds(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private static DateTimeOffset FromMicroseconds(long us) => DateTimeOffset.UnixEpoch.AddTicks(us * TimeSpan.TicksPerMicrosecond);
}
