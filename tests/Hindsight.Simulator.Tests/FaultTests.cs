using System.Text.Json;
using Hindsight.Simulator.Tests.Support;

namespace Hindsight.Simulator.Tests;

public sealed class FaultTests
{
    private static readonly (string Id, string Text)[] Items =
    [
        ("a", "teh ⟦P1⟧ is broken"),
        ("b", "wich ⟦P1⟧ and ⟦P2⟧ to keep"),
        ("c", "no placeholder here"),
    ];

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["a"] = "the ⟦P1⟧ is broken",
        ["b"] = "which ⟦P1⟧ and ⟦P2⟧ to keep",
        ["c"] = "no placeholder here",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Too_many_requests_fault_answers_429_with_retry_after()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { TooManyRequests = 1.0 });
        await using (server)
        {
            Assert.Equal(429, reply.Status);
            Assert.Equal("rate_limit_exceeded", reply.ErrorCode);
            Assert.NotNull(reply.RetryAfter);
            Assert.Equal(1, server.Stats.RateLimited);
            Assert.Equal("too_many_requests", server.ReceivedRequests()[0].Fault);
        }
    }

    [Fact]
    public async Task Server_error_fault_answers_500_or_503()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { ServerError = 1.0 });
        await using (server)
        {
            Assert.Contains(reply.Status, new[] { 500, 503 });
            Assert.Equal("server_error", reply.ErrorType);
            Assert.Equal(1, server.Stats.ServerErrors);
        }
    }

    [Fact]
    public async Task Malformed_JSON_fault_answers_200_with_content_that_does_not_parse()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { MalformedJson = 1.0 });
        await using (server)
        {
            Assert.Equal(200, reply.Status);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(reply.Content));
            Assert.Equal(1, server.Stats.MalformedJson);
            Assert.Equal("malformed_json", server.ReceivedRequests()[0].Fault);
        }
    }

    [Fact]
    public async Task Missing_id_fault_drops_one_item()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { MissingId = 1.0 });
        await using (server)
        {
            Assert.Equal(Items.Length - 1, reply.Corrections.Count);
            Assert.Single(Items, item => !reply.Corrections.Any(correction => correction.Id == item.Id));
            Assert.All(reply.Corrections, correction => Assert.Equal(Expected[correction.Id], correction.Corrected));
            Assert.Equal(1, server.Stats.MissingId);
        }
    }

    [Fact]
    public async Task Extra_id_fault_adds_an_item_that_was_not_sent()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { ExtraId = 1.0 });
        await using (server)
        {
            Assert.Equal(Items.Length + 1, reply.Corrections.Count);
            Assert.Single(reply.Corrections, correction => !Expected.ContainsKey(correction.Id));
            Assert.Equal(1, server.Stats.ExtraId);
        }
    }

    [Fact]
    public async Task Duplicate_id_fault_repeats_one_item()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { DuplicateId = 1.0 });
        await using (server)
        {
            Assert.Equal(Items.Length + 1, reply.Corrections.Count);
            Assert.Single(reply.Corrections.GroupBy(correction => correction.Id), group => group.Count() == 2);
            Assert.Equal(Expected.Keys.Order(), reply.Corrections.Select(correction => correction.Id).Distinct().Order());
            Assert.Equal(1, server.Stats.DuplicateId);
        }
    }

    [Fact]
    public async Task Tampered_placeholder_fault_alters_or_drops_a_placeholder_in_one_item()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { TamperedPlaceholder = 1.0 });
        await using (server)
        {
            var tampered = reply.Corrections
                .Where(correction => !Placeholder.In(correction.Corrected).SequenceEqual(Placeholder.In(Expected[correction.Id])))
                .ToList();
            Assert.Single(tampered);
            Assert.NotEqual("c", tampered[0].Id);
            Assert.Equal(Items.Length, reply.Corrections.Count);
            Assert.Equal(1, server.Stats.TamperedPlaceholder);
        }
    }

    [Fact]
    public async Task Tampered_placeholder_fault_is_not_applied_when_no_item_has_a_placeholder()
    {
        var options = new SimulatorOptions { Faults = new FaultRates { TamperedPlaceholder = 1.0 } };
        await using var server = await SimulatorServer.StartAsync(options, Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(("1", "teh"), ("2", "plain")));

        Assert.Equal(["the", "plain"], reply.Corrections.Select(correction => correction.Corrected));
        Assert.Equal(0, server.Stats.TamperedPlaceholder);
        Assert.Equal(1, server.Stats.Succeeded);
        Assert.Null(server.ReceivedRequests()[0].Fault);
    }

    [Fact]
    public async Task Rewrite_fault_changes_one_item_keeping_its_placeholders()
    {
        var (reply, server) = await SendWithAsync(new FaultRates { Rewrite = 1.0 });
        await using (server)
        {
            var rewritten = Assert.Single(reply.Corrections, correction => correction.Corrected != Expected[correction.Id]);
            Assert.NotEqual(Expected[rewritten.Id].Length, rewritten.Corrected.Length);
            Assert.Equal(Placeholder.In(Expected[rewritten.Id]), Placeholder.In(rewritten.Corrected));
            Assert.Equal(1, server.Stats.Rewrite);
        }
    }

    [Fact]
    public async Task Timeout_fault_holds_the_request_then_answers_504()
    {
        var options = new SimulatorOptions { Faults = new FaultRates { Timeout = 1.0 }, TimeoutHold = TimeSpan.FromMilliseconds(200) };
        await using var server = await SimulatorServer.StartAsync(options, Cancellation);
        using var http = new HttpClient();

        var reply = await Batch.SendAsync(http, server.BaseUrl, Batch.Body(Items));

        Assert.Equal(504, reply.Status);
        Assert.Equal(1, server.Stats.TimedOut);
        Assert.Equal("timeout", server.ReceivedRequests()[0].Fault);
    }

    [Fact]
    public async Task Timeout_fault_lets_a_client_that_gives_up_go()
    {
        var options = new SimulatorOptions { Faults = new FaultRates { Timeout = 1.0 }, TimeoutHold = TimeSpan.FromMinutes(10) };
        var server = await SimulatorServer.StartAsync(options, Cancellation);
        await using (server)
        {
            using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Batch.PostAsync(impatient, server.BaseUrl, Batch.Body(Items)));
        }

        // Disposing ended the hold: the request is recorded, abandoned by the client (499) or cut by the shutdown (503).
        var recorded = Assert.Single(server.ReceivedRequests());
        Assert.Equal("timeout", recorded.Fault);
        Assert.Contains(recorded.Status, new[] { 499, 503 });
        Assert.Equal(1, server.Stats.TimedOut);
    }

    private static async Task<(ChatReply Reply, SimulatorServer Server)> SendWithAsync(FaultRates faults)
    {
        var server = await SimulatorServer.StartAsync(new SimulatorOptions { Faults = faults }, Cancellation);
        using var http = new HttpClient();
        return (await Batch.SendAsync(http, server.BaseUrl, Batch.Body(Items)), server);
    }
}
