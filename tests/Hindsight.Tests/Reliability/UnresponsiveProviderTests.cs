using System.Net;
using System.Net.Sockets;
using Hindsight.Simulator;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// A provider that never answers: every call is given up after --timeout, retried, and when the provider
/// keeps failing stage 4 stops with a clear message (exit code 1); every prompt is `failed` with its reason
/// and keeps its original text, in corrections and in the staged table, and the earlier stages are intact.
/// </summary>
[Trait("Category", "Slow")]
public sealed class UnresponsiveProviderTests
{
    private const string Key = "sim-silent-key";

    [Fact]
    public async Task A_provider_that_holds_every_request_times_each_call_out_and_leaves_every_prompt_failed_with_its_original_text()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            RequiredApiKey = Key,
            Faults = new FaultRates { Timeout = 1.0 },
            TimeoutHold = TimeSpan.FromMinutes(10),
        }, TestContext.Current.CancellationToken);
        var db = dir.Combine("h.duckdb");

        var result = await RunAsync(corpus, db, simulator.GeminiBaseUrl);

        await AssertEveryPromptFailedWithItsTextAsync(result, db);
        Assert.True(simulator.Stats.TimedOut + simulator.Stats.ClientAborted >= simulator.Stats.Requests - 1 && simulator.Stats.Requests > 1,
            $"{simulator.Stats.Requests} requests, {simulator.Stats.TimedOut} held to the end, {simulator.Stats.ClientAborted} given up by the client");
    }

    [Fact]
    public async Task A_server_that_accepts_connections_and_never_writes_a_byte_times_each_call_out_and_leaves_every_prompt_failed()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        await using var silent = new SilentServer();
        var db = dir.Combine("h.duckdb");

        var result = await RunAsync(corpus, db, new Uri($"http://127.0.0.1:{silent.Port}/v1beta/openai/"));

        await AssertEveryPromptFailedWithItsTextAsync(result, db);
        Assert.True(silent.Connections > 0, "no connection reached the silent server");
    }

    private static async Task<CliResult> RunAsync(GeneratedCorpus corpus, string db, Uri baseUrl) =>
        await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["GEMINI_API_KEY"] = Key },
            "run", "--source", corpus.Projects, "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", baseUrl.ToString(), "--timeout", "0.5");

    private static async Task AssertEveryPromptFailedWithItsTextAsync(CliResult result, string db)
    {
        // Stage 4 stops once the provider has failed call after call, says why, and the run exits 1.
        Assert.True(result.ExitCode == 1, result.ToString());
        var stage = result.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 4)!;
        Assert.Equal("failed", stage["status"]!.GetValue<string>());
        Assert.Contains("the provider kept failing", stage["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("no answer within 0.5 s", stage["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(stage["metrics"]!["timed_out"]!.GetValue<long>() > 0);
        Assert.All(result.Json["stages"]!.AsArray().Where(s => s!["stage"]!.GetValue<int>() < 4), s => Assert.Equal("succeeded", s!["status"]!.GetValue<string>()));

        long eligible = await WarehouseProbe.ScalarAsync<long>(db, """
            SELECT count(*) FROM messages m JOIN entities e ON e.level = 5 AND e.file_id = m.file_id AND e.line_no = m.line_no
            WHERE m.kind IN ('human_prompt', 'slash_command', 'steering') AND NOT m.is_duplicate AND m.text <> '' AND m.confidence IN ('high', 'medium')
            """);
        Assert.True(eligible > 10);
        var rows = await WarehouseProbe.RowsAsync(db, """
            SELECT c.status, c.reason, c.original_text = c.corrected_text, c.original_text = m.text, s.text = m.text
            FROM corrections c
            JOIN entities e USING (entity_id)
            JOIN messages m ON m.file_id = e.file_id AND m.line_no = e.line_no
            JOIN claude_code_stage_4 s USING (entity_id)
            """);
        Assert.Equal(eligible, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("failed", r[0]);
            Assert.Contains("no answer within 0.5 s", (string)r[1]!, StringComparison.Ordinal);
            Assert.Equal((true, true, true), ((bool)r[2]!, (bool)r[3]!, (bool)r[4]!));
        });
    }

    /// <summary>Accepts TCP connections on 127.0.0.1 and holds them open without ever reading or writing.</summary>
    private sealed class SilentServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _connections;

        public SilentServer()
        {
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_held) _held.Add(client);
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            lock (_held) foreach (var client in _held) client.Dispose();
            _stop.Dispose();
        }
    }
}
