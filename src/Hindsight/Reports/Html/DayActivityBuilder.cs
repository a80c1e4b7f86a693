using System.Globalization;

namespace Hindsight.Reports.Html;

/// <summary>
/// Per local date, from the calls the usage report reads (same zone, same inclusive --since/--until, so the days line
/// up with `report daily`): the sessions with an API call, and the cache writes by lifetime.
/// </summary>
internal sealed class DayActivityBuilder(UsageReportRequest filters)
{
    private readonly SortedDictionary<DateOnly, (HashSet<string> Sessions, long W5m, long W1h, long Unsplit)> _days = [];

    public void Add(ApiCallUsage call, Warehouse.WarehouseRow row)
    {
        if (call.Timestamp is not { } timestamp) return;
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timestamp, filters.TimeZone).DateTime);
        // The usage query reads a margin of days around the filter (any zone's dates): they are left out here.
        if (filters.Since is { } since && date < since) return;
        if (filters.Until is { } until && date > until) return;
        if (!_days.TryGetValue(date, out var day)) day = (new HashSet<string>(StringComparer.Ordinal), 0, 0, 0);
        day.Sessions.Add(call.FileSession);
        _days[date] = (day.Sessions, day.W5m + row.GetInt64("cache_creation_5m_tokens"), day.W1h + row.GetInt64("cache_creation_1h_tokens"),
            day.Unsplit + row.GetInt64("cache_creation_unsplit_tokens"));
    }

    public IReadOnlyList<DayActivity> Build() =>
        [.. _days.Select(d => new DayActivity(d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Value.Sessions.Count, d.Value.W5m, d.Value.W1h, d.Value.Unsplit))];
}
