namespace Hindsight.Sampling;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Owned here rather than taken from <see cref="Random"/> so that a
/// corpus generated with a given seed stays byte-identical whatever the runtime's own generator does.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double? _spareNormal;

    public DeterministicRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A seed for an independent stream, derived from a parent seed and a salt (file index, purpose).</summary>
    public static ulong Derive(ulong seed, ulong salt)
    {
        var x = seed ^ (salt * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;
        _ = SplitMix(ref x);
        return SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, maxExclusive); the multiply-shift bias is far below anything a corpus can show.</summary>
    public int Next(int maxExclusive) =>
        maxExclusive <= 1 ? 0 : (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public long NextLong(long minInclusive, long maxExclusive) =>
        maxExclusive <= minInclusive ? minInclusive : minInclusive + (long)(NextUInt64() % (ulong)(maxExclusive - minInclusive));

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public double Normal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = NextDouble() * 2 - 1;
            v = NextDouble() * 2 - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        return u * factor;
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>A positive multiplier with mean 1, for jitter that must not move an average.</summary>
    public double MeanOneJitter(double sigma) => Math.Exp(sigma * Normal() - sigma * sigma / 2);

    public int LogNormalInt(double median, double sigma, int min, int max) =>
        (int)Math.Clamp(Math.Round(LogNormal(median, sigma)), min, max);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Index chosen with the given relative weights.</summary>
    public int PickWeighted(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }
        var target = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong value, int bits) => (value << bits) | (value >> (64 - bits));
}
