using Hindsight.Correction;
using Hindsight.Correction.Caching;
using Hindsight.Simulator;

namespace Hindsight.Tests.Correction.Engine;

public sealed class BackpressureTests
{
    [Fact]
    public async Task The_reader_stays_a_bounded_distance_ahead_of_the_provider_so_memory_stays_flat()
    {
        var read = 0;
        async IAsyncEnumerable<CorrectionTarget> ManyTargets()
        {
            for (var index = 0; index < 40_000; index++)
            {
                await Task.CompletedTask;
                Interlocked.Increment(ref read);
                yield return new CorrectionTarget($"e{index}", $"pls fix teh thing number {index}");
            }
        }

        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { LatencyMedianMs = 300, LatencySigma = 0.01 }, TestContext.Current.CancellationToken);
        var options = SimulatorOptionsFor.OpenAI(server) with { InitialConcurrency = 2, MaxConcurrency = 2 };
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var readWhenFirstAnswered = -1;
        var sink = new CollectingSink(_ =>
        {
            if (readWhenFirstAnswered < 0)
            {
                readWhenFirstAnswered = Volatile.Read(ref read);
                cancellation.Cancel();
            }
        });

        var summary = await new CorrectionEngine().RunAsync(ManyTargets(), new InMemoryCorrectionCache(), sink, options, cancellation.Token);

        // Chunk being looked up + queued batches + batches in flight: a few hundred targets, not the 40,000 available.
        Assert.True(summary.Cancelled);
        Assert.InRange(readWhenFirstAnswered, 1, 1_500);
        Assert.InRange(summary.Targets, 1, 1_500);
        Assert.Equal(sink.Results.Count, summary.Corrected);
    }
}
