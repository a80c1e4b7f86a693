using Hindsight.BigQueryStandIn;
using Hindsight.Simulator;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// `--key-secret projects/P/secrets/S/versions/V`: stage 4's API key read from Secret Manager (the BigQuery stand-in's
/// <c>versions:access</c>, not Google's) with the service account GOOGLE_APPLICATION_CREDENTIALS names. The simulator
/// accepts only that key, so corrections prove it was read; it then appears in no output and no table.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KeySecretOptionTests
{
    /// <summary>Shaped like a Google key so the detectors know it; marked FAKE.</summary>
    private const string Key = "AIzaSyFAKEsecretmgr0123456789abcdefghijk";

    private const string SecretVersion = "projects/standin-project/secrets/gemini-key/versions/3";

    [Fact]
    public async Task A_key_read_from_Secret_Manager_corrects_prompts_and_appears_in_no_output_or_table()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        const string session = "88888888-8888-4888-8888-888888888888";
        dir.Write($"projects/-home-ana-shop/{session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("k-u1", "fix teh shop test", session),
            TranscriptLines.Assistant("k-a1", "msg_k", "req_k", TranscriptLines.Text("fixed"), session: session),
            TranscriptLines.User("k-u2", "now recieve the docs", session, parent: "k-a1")));
        await using var standIn = await StandInServer.StartAsync(new StandInOptions { StateDirectory = dir.Combine("standin"), ProjectId = "standin-project" }, ct);
        standIn.Secrets.Set(SecretVersion, Key + "\n");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, ct);
        var environment = new Dictionary<string, string?>
        {
            ["GOOGLE_APPLICATION_CREDENTIALS"] = standIn.ServiceAccountPath,
            ["HINDSIGHT_SECRETMANAGER_ENDPOINT"] = standIn.BaseUrl.ToString(),
        };
        var db = dir.Combine("h.duckdb");

        var run = await HindsightCli.RunWithEnvironmentAsync(environment, "run", "--source", dir.Combine("projects"), "--db", db, "--json",
            "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), "--key-secret", SecretVersion);
        var missing = await HindsightCli.RunWithEnvironmentAsync(environment, "correct", "--db", db,
            "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), "--key-secret", "projects/standin-project/secrets/none/versions/1");
        var both = await HindsightCli.RunAsync("correct", "--db", db, "--key-file", dir.Combine("k"), "--key-secret", SecretVersion);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status = 'corrected'"));
        Assert.Equal(["fix the shop test", "now receive the docs"], (await WarehouseProbe.RowsAsync(db,
            "SELECT corrected_text FROM corrections WHERE status = 'corrected' ORDER BY 1")).Select(r => (string)r[0]!));
        Assert.NotEmpty(simulator.ReceivedRequests());
        Assert.Contains(File.ReadLines(standIn.RequestLogPath), l => l.Contains(":access", StringComparison.Ordinal) && l.Contains("\"status\":200", StringComparison.Ordinal));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("secrets/none/versions/1", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--key-file and --key-secret", both.Error, StringComparison.Ordinal);

        // Nowhere but in the stand-in's secret store: no output, no table (records keep the raw lines, which never held it).
        foreach (var output in new[] { run, missing, both })
            Assert.False(output.ToString().Contains(Key[..12], StringComparison.Ordinal), "the key in an output");
        var tables = (await WarehouseProbe.RowsAsync(db, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1")).Select(r => (string)r[0]!).ToList();
        Assert.True(tables.Count > 10, string.Join(", ", tables));
        foreach (var table in tables)
        {
            Assert.Matches("^[a-z_0-9]+$", table);
            var hits = await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table} t WHERE contains(CAST(t AS VARCHAR), '{Key[..12]}')");
            Assert.True(hits == 0, $"the key in table {table}");
        }
        Assert.DoesNotContain(File.ReadLines(standIn.RequestLogPath), l => l.Contains(Key[..12], StringComparison.Ordinal));
    }
}
