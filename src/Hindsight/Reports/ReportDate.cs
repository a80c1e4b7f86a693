using System.Globalization;

namespace Hindsight.Reports;

/// <summary>The date formats <c>--since</c> and <c>--until</c> accept: <c>YYYY-MM-DD</c> and <c>YYYYMMDD</c>, as ccusage.</summary>
public static class ReportDate
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyyMMdd"];

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
