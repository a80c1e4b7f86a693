namespace Hindsight.Sampling;

/// <summary>Identifiers shaped like Claude Code's, drawn from a seeded stream so they repeat with the seed.</summary>
internal static class Ids
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Hex = "0123456789abcdef";

    public static string Uuid(DeterministicRandom random)
    {
        var high = random.NextUInt64();
        var low = random.NextUInt64();
        return string.Create(36, (high, low), static (span, state) =>
        {
            Span<byte> bytes = stackalloc byte[16];
            for (var i = 0; i < 8; i++)
            {
                bytes[i] = (byte)(state.high >> (56 - 8 * i));
                bytes[8 + i] = (byte)(state.low >> (56 - 8 * i));
            }
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            var position = 0;
            for (var i = 0; i < 16; i++)
            {
                if (i is 4 or 6 or 8 or 10)
                {
                    span[position++] = '-';
                }
                span[position++] = Hex[bytes[i] >> 4];
                span[position++] = Hex[bytes[i] & 0xF];
            }
        });
    }

    public static string MessageId(DeterministicRandom random) => "msg_01" + Base62Chars(random, 22);

    public static string RequestId(DeterministicRandom random) => "req_011C" + Base62Chars(random, 20);

    public static string ToolUseId(DeterministicRandom random) => "toolu_01" + Base62Chars(random, 22);

    public static string Base62Chars(DeterministicRandom random, int length) =>
        string.Create(length, random, static (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base62[rng.Next(62)];
            }
        });

    public static string HexChars(DeterministicRandom random, int length) =>
        string.Create(length, random, static (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Hex[rng.Next(16)];
            }
        });

    public static string UpperAlphanumeric(DeterministicRandom random, int length) =>
        string.Create(length, random, static (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base62[rng.Next(36)];
            }
        });
}
