namespace Hindsight.Simulator;

/// <summary>Lognormal latency: exp(ln(median) + sigma * Z) with Z standard normal (Box-Muller).</summary>
internal static class LatencySampler
{
    public static TimeSpan Sample(Random random, double medianMs, double sigma)
    {
        if (medianMs <= 0)
        {
            return TimeSpan.Zero;
        }
        var u1 = 1.0 - random.NextDouble(); // (0,1]: keeps the logarithm finite
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return TimeSpan.FromMilliseconds(medianMs * Math.Exp(sigma * z));
    }
}
