namespace Hindsight.Reports;

/// <summary>
/// What a usage report covers. Dates are local dates in <see cref="TimeZone"/>, both ends inclusive, as
/// ccusage's <c>--since</c>/<c>--until</c>.
/// </summary>
public sealed record UsageReportRequest
{
    public required ReportView View { get; init; }

    /// <summary>The zone whose local dates make the days, weeks and months (and the date filters). Hindsight's default is UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public DateOnly? Since { get; init; }

    public DateOnly? Until { get; init; }

    /// <summary>Only this project (the folder name under <c>projects/</c>, compared exactly).</summary>
    public string? Project { get; init; }

    /// <summary>Only this agent's calls (<c>claude_code</c>, <c>codex</c>, ...: Sources/AgentNames).</summary>
    public Sources.Agent? Agent { get; init; }
}
