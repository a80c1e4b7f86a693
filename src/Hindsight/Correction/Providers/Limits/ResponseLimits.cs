using System.Globalization;

namespace Hindsight.Correction.Providers.Limits;

/// <summary>
/// What one provider answer may take: bytes read from the wire, bytes once decompressed, and time from sending the
/// request to the last byte. A batch answer is a few kilobytes (at most ~100 KB for the longest prompt sent alone), so
/// the default of 1 MiB leaves ample room while keeping every call's memory small whatever a server sends.
/// </summary>
public sealed record ResponseLimits(long MaxBytes, TimeSpan MaxTime)
{
    /// <summary>The default size cap: 1 MiB, on the wire and decompressed.</summary>
    public const long DefaultMaxBytes = 1L << 20;

    /// <summary>The cap in words, for error messages.</summary>
    public string DescribeSize() => MaxBytes >= 1L << 20 && MaxBytes % (1L << 20) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{MaxBytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{MaxBytes:N0} bytes");

    /// <summary>The time cap in words, for error messages.</summary>
    public string DescribeTime() => string.Create(CultureInfo.InvariantCulture, $"{MaxTime.TotalSeconds:0.###} s");
}
