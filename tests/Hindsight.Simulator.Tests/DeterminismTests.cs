using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class DeterminismTests
{
    private static readonly FaultRates EveryFaultButTimeout = new()
    {
        TooManyRequests = 0.1,
        ServerError = 0.1,
        MalformedJson = 0.1,
        MissingId = 0.1,
        ExtraId = 0.1,
        DuplicateId = 0.1,
        TamperedPlaceholder = 0.1,
        Rewrite = 0.1,
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_seed_gives_the_same_fault_sequence_and_answers()
    {
        var first = await RunAsync(seed: 42);
        var second = await RunAsync(seed: 42);

        Assert.Equal(first, second);
        Assert.True(first.Select(answer => answer.Fault).Distinct().Count() > 3, "forty requests at these rates should show several faults");
    }

    [Fact]
    public async Task A_different_seed_gives_a_different_fault_sequence()
    {
        var first = await RunAsync(seed: 42);
        var other = await RunAsync(seed: 43);

        Assert.NotEqual(first.Select(answer => answer.Fault), other.Select(answer => answer.Fault));
    }

    private static async Task<List<(int Status, string? Fault, string Answer)>> RunAsync(int seed)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Seed = seed, Faults = EveryFaultButTimeout }, Cancellation);
        using var http = new HttpClient();
        var answers = new List<(int, string?, string)>();
        for (var request = 0; request < 40; request++)
        {
            var reply = await Batch.SendAsync(http, server.BaseUrl,
                Batch.Body(("a", $"teh ⟦P1⟧ number {request}"), ("b", "wich ⟦P1⟧ ⟦P2⟧"), ("c", "plain")));
            var answer = reply.Status == 200 ? reply.Content : reply.Json.GetProperty("error").GetProperty("code").GetString()!;
            answers.Add((reply.Status, server.ReceivedRequests()[^1].Fault, answer));
        }
        return answers;
    }
}
