using System.Globalization;

namespace Hindsight.Correction.Providers;

/// <summary>Reads a server's wait hint: retry-after-ms (OpenAI), or Retry-After in seconds (integer or decimal) or as an HTTP date.</summary>
public static class RetryAfterParser
{
    /// <summary>The wait, or null when neither header holds a usable value.</summary>
    public static TimeSpan? Parse(string? retryAfter, string? retryAfterMilliseconds, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMilliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0 && double.IsFinite(milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
