using System.Globalization;
using System.Text.RegularExpressions;

namespace Hindsight.Cli.Settings;

/// <summary>
/// Reads a memory size as DuckDB's memory_limit takes it (a number and a unit: 512MB, 2GB, 1.5GiB), so that a value
/// DuckDB would refuse, or one too small to run in, is a usage error before anything is opened.
/// </summary>
public static partial class MemorySize
{
    /// <summary>
    /// The smallest limit every stage runs in on the benchmark corpora: at 64 MB the seed corpus (272 MB) failed out of
    /// memory in stage 2, and with one DuckDB thread in stage 5; at 128 MB the seed and heavy (2.3 GB) corpora run every
    /// stage (measured at 808d0ae; below 64 MB even a small corpus's batch failed, 1 MB with a stack trace). In DuckDB's
    /// units, as <see cref="MinimumText"/> reads (MB is 10^6 bytes), so that "128MB" itself is allowed.
    /// </summary>
    public const long MinimumBytes = 128L * 1000 * 1000;
    public const string MinimumText = "128MB";

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (text is null) return false;
        var match = SizePattern().Match(text);
        if (!match.Success) return false;
        if (!double.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        double factor = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            _ => 1L << 40,
        };
        bytes = (long)Math.Min(long.MaxValue, number * factor);
        return true;
    }

    [GeneratedRegex(@"^\s*(?<number>\d+(\.\d+)?)\s*(?<unit>B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
