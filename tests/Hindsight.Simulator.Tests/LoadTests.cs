using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class LoadTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_many_concurrent_requests_and_every_counter_adds_up()
    {
        var options = new SimulatorOptions
        {
            LatencyMedianMs = 20,
            Seed = 7,
            Faults = new FaultRates
            {
                TooManyRequests = 0.05,
                ServerError = 0.05,
                MalformedJson = 0.05,
                MissingId = 0.05,
                ExtraId = 0.05,
                DuplicateId = 0.05,
                TamperedPlaceholder = 0.05,
                Rewrite = 0.05,
            },
        };
        await using var server = await SimulatorServer.StartAsync(options, Cancellation);
        using var http = new HttpClient();

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(request =>
            Batch.SendAsync(http, server.BaseUrl, Batch.Body(("a", $"teh ⟦P1⟧ {request}"), ("b", "wich")))));
        await Batch.SendAsync(http, server.BaseUrl, "not a batch");

        var stats = server.Stats;
        Assert.Equal(201, stats.Requests);
        Assert.Equal(
            stats.Requests,
            stats.Succeeded + stats.RateLimited + stats.ServerErrors + stats.TimedOut + stats.MalformedJson + stats.MissingId
            + stats.ExtraId + stats.DuplicateId + stats.TamperedPlaceholder + stats.Rewrite + stats.Unauthorized
            + stats.BadRequests + stats.ClientAborted);
        Assert.Equal(replies.Count(reply => reply.Status == 200), stats.Succeeded + stats.MalformedJson + stats.MissingId
            + stats.ExtraId + stats.DuplicateId + stats.TamperedPlaceholder + stats.Rewrite);
        Assert.Equal(400, stats.ItemsReceived);
        Assert.Equal(201, server.ReceivedRequests().Count);
        Assert.True(stats.Succeeded > 100, "at a 40 % total fault rate most of 200 requests succeed");
    }
}
