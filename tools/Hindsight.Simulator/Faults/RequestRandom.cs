namespace Hindsight.Simulator;

/// <summary>
/// One independent, reproducible random source per admitted request, derived from the seed and the
/// request's admission number. No generator is shared between requests, so there is no lock, and the
/// same seed gives the same choices to the n-th admitted request on every run.
/// </summary>
internal static class RequestRandom
{
    public static Random For(int seed, long admissionNumber)
    {
        var mixed = SplitMix64(((ulong)(uint)seed << 32) ^ (ulong)admissionNumber);
        return new Random(unchecked((int)(mixed ^ (mixed >> 32))));
    }

    private static ulong SplitMix64(ulong value)
    {
        unchecked
        {
            var z = value + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
