using System.Globalization;

namespace Hindsight.Watch;

/// <summary>A duration as watch's options take it: a positive number and a unit, <c>500ms</c>, <c>2s</c>, <c>10m</c>, <c>1h</c>.</summary>
public static class WatchDuration
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
        [("ms", TimeSpan.FromMilliseconds(1)), ("s", TimeSpan.FromSeconds(1)), ("m", TimeSpan.FromMinutes(1)), ("h", TimeSpan.FromHours(1))];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        foreach (var (unit, size) in Units)
        {
            if (!trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) continue;
            var number = trimmed[..^unit.Length];
            // "5ms" also ends with "s": the number part must parse, or the next unit is tried.
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) continue;
            if (value <= 0 || !double.IsFinite(value) || value * size.TotalDays > 366) return false;
            duration = size * value;
            return duration > TimeSpan.Zero;
        }
        return false;
    }
}
