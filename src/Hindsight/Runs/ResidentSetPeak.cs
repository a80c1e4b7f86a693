namespace Hindsight.Runs;

/// <summary>
/// The process's high-water mark of resident memory, where the system keeps one (Linux: <c>VmHWM</c> in
/// /proc/self/status). It is read, never reset: writing "5" to /proc/self/clear_refs would reset it per stage, but
/// the kernel reports that same mark as the process's maximum RSS when it exits (<c>getrusage</c>, <c>time -v</c>),
/// which would then show only the last stage's peak.
/// </summary>
public static class ResidentSetPeak
{
    private const string StatusFile = "/proc/self/status";

    /// <summary>The process's peak resident bytes so far, or null where the system does not say.</summary>
    public static long? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            foreach (var line in File.ReadLines(StatusFile))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return ParseKilobytes(line);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // /proc not mounted (some containers): the caller falls back to sampling.
        }
        return null;
    }

    /// <summary>Reads a /proc/self/status line such as <c>VmHWM:    123456 kB</c> as bytes.</summary>
    public static long? ParseKilobytes(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return null;
        var value = line[(colon + 1)..].Trim();
        if (!value.EndsWith("kB", StringComparison.Ordinal)) return null;
        return long.TryParse(value[..^2].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var kilobytes)
            ? kilobytes * 1024
            : null;
    }
}
