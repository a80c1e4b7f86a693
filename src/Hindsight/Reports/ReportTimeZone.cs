using System.Diagnostics.CodeAnalysis;

namespace Hindsight.Reports;

/// <summary>
/// Resolves an IANA time zone name (<c>Europe/Berlin</c>, <c>UTC</c>) from the system's zoneinfo database.
/// This works with InvariantGlobalization on: zone rules come from /usr/share/zoneinfo, not from ICU.
/// </summary>
public static class ReportTimeZone
{
    public static bool TryFind(string? name, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(name)) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
