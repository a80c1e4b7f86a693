namespace Hindsight.Reports.Reconcile;

/// <summary>
/// Which sessions `report reconcile` compares: the same filters as the usage reports. Claude Code's snapshots carry
/// no timestamp and hold a whole session, so a session is in when any of its lines falls in the date range, and it
/// is then compared whole.
/// </summary>
public sealed record ReconcileRequest
{
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public DateOnly? Since { get; init; }

    public DateOnly? Until { get; init; }

    public string? Project { get; init; }
}
