using System.Globalization;

namespace Hindsight.Sampling;

/// <summary>A session's start (a day in October-November 2026, in working hours) and its times as agents write them.</summary>
internal static class AgentSessionClock
{
    private static readonly DateTimeOffset First = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Start(DeterministicRandom random) =>
        First.AddDays(random.Next(61)).AddHours(random.Next(8, 20)).AddMinutes(random.Next(60)).AddSeconds(random.Next(60));

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Uuid(DeterministicRandom random)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 16; i++) bytes[i] = (byte)random.Next(256);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
