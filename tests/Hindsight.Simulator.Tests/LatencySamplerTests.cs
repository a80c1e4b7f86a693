namespace Hindsight.Simulator.Tests;

public sealed class LatencySamplerTests
{
    [Fact]
    public void Samples_have_the_configured_median_and_spread()
    {
        var random = new Random(7);

        var samples = Enumerable.Range(0, 20_001)
            .Select(_ => LatencySampler.Sample(random, medianMs: 1500, sigma: 0.5).TotalMilliseconds)
            .Order()
            .ToList();

        Assert.InRange(samples[samples.Count / 2], 1450, 1550);
        // For a lognormal the 84th percentile sits one sigma above the median: 1500 * e^0.5 ≈ 2473 ms.
        Assert.InRange(samples[(int)(samples.Count * 0.8413)], 2350, 2600);
        Assert.All(samples, sample => Assert.True(sample > 0));
    }

    [Fact]
    public void A_zero_median_adds_no_latency()
    {
        Assert.Equal(TimeSpan.Zero, LatencySampler.Sample(new Random(1), medianMs: 0, sigma: 0.5));
    }
}
