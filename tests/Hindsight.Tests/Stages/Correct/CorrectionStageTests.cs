using System.Text.RegularExpressions;
using Hindsight.Simulator;

namespace Hindsight.Tests.Stages.Correct;

/// <summary>
/// Stage 4 through the command line, against the LLM simulator on 127.0.0.1 (the stand-in for the hosted
/// Gemini API, which cannot be reached from here), on a generated corpus whose typo corrections are known.
/// </summary>
public sealed partial class CorrectionStageTests
{
    private const string Key = "sim-test-key-4f2b9c";

    private static Dictionary<string, string?> Environment() => new() { ["GEMINI_API_KEY"] = Key };

    private static string[] RunArgs(GeneratedCorpus corpus, string db, SimulatorServer simulator, params string[] extra) =>
        ["run", "--source", corpus.Projects, "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), .. extra];

    private static async Task<long> EligibleTargetsAsync(string db) => await WarehouseProbe.ScalarAsync<long>(db, """
        SELECT count(*) FROM messages m JOIN entities e ON e.level = 5 AND e.file_id = m.file_id AND e.line_no = m.line_no
        WHERE m.kind IN ('human_prompt', 'slash_command', 'steering') AND NOT m.is_duplicate AND m.text <> '' AND m.confidence IN ('high', 'medium')
        """);

    private static void AssertNoSecretReached(SimulatorServer simulator)
    {
        var bodies = simulator.ReceivedRequests().Select(r => r.Body).ToList();
        Assert.NotEmpty(bodies);
        // Every planted secret of the generated corpus contains FAKE (src/Hindsight.Sampling/Text/FakeSecrets.cs); the key never travels in a body.
        Assert.DoesNotContain(bodies, body => body.Contains("FAKE", StringComparison.Ordinal) || body.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_any_provider_the_run_completes_and_stage_4_reports_skipped_with_instructions()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 12);
        var db = dir.Combine("h.duckdb");

        // Not --quiet, which prints nothing but errors; the run's note is short and points at `correct --help` for the instructions.
        var result = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "run", "--source", corpus.Projects, "--db", db);
        var help = await HindsightCli.RunAsync("correct", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("correction skipped", result.Output, StringComparison.Ordinal);
        Assert.Contains("hindsight correct --help", result.Output, StringComparison.Ordinal);
        Assert.Contains("GEMINI_API_KEY", help.Output, StringComparison.Ordinal);
        var statuses = await WarehouseProbe.RowsAsync(db, "SELECT status, provider, count(*) FROM corrections GROUP BY ALL");
        Assert.Equal(("skipped", "none", await EligibleTargetsAsync(db)), ((string)statuses.Single()[0]!, (string)statuses.Single()[1]!, (long)statuses.Single()[2]!));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db,
            "SELECT count(*) FROM claude_code_stage_4 s JOIN corrections c USING (entity_id) WHERE s.text <> c.original_text"));
    }

    [Fact]
    public async Task Corrections_equal_the_known_fixes_no_secret_reaches_the_provider_and_a_rerun_makes_no_call()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 40);
        var db = dir.Combine("h.duckdb");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);

        var first = await HindsightCli.RunWithEnvironmentAsync(Environment(), RunArgs(corpus, db, simulator));

        Assert.True(first.ExitCode == 0, first.ToString());
        var corrections = (await WarehouseProbe.RowsAsync(db, """
            SELECT m.uuid, c.status, c.corrected_text FROM corrections c
            JOIN entities e USING (entity_id) JOIN messages m ON m.file_id = e.file_id AND m.line_no = e.line_no
            WHERE m.uuid IS NOT NULL
            """)).ToDictionary(r => (string)r[0]!, r => ((string)r[1]!, (string)r[2]!));
        int checkedTexts = 0;
        foreach (var truth in corpus.Truth.Where(t => t.GetProperty("uuid").ValueKind == System.Text.Json.JsonValueKind.String))
        {
            if (!corrections.TryGetValue(truth.GetProperty("uuid").GetString()!, out var correction)) continue;
            Assert.Contains(correction.Item1, new[] { "corrected", "unchanged" });
            if (truth.GetProperty("has_secret").GetBoolean())
            {
                // Stage 2 redacts secrets, so the corrected text holds the marker where the secret was.
                Assert.Contains("⟦redacted:", correction.Item2, StringComparison.Ordinal);
                Assert.DoesNotContain("FAKE", correction.Item2, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(truth.GetProperty("expected").GetString()!.TrimEnd(), correction.Item2);
            }
            checkedTexts++;
        }
        Assert.True(checkedTexts >= 20, $"only {checkedTexts} prompts matched the truth file");
        AssertNoSecretReached(simulator);
        foreach (var table in new[] { "messages", "corrections", "correction_cache", "claude_code_stage_4" })
            Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table} t WHERE CAST(t AS VARCHAR) LIKE '%FAKE%'"));

        var requestsBefore = simulator.Stats.Requests;
        var tables = new[] { "corrections", "correction_cache", "claude_code_stage_4" };
        var before = await WarehouseProbe.ChecksumsAsync(db, tables);
        var second = await HindsightCli.RunWithEnvironmentAsync(Environment(), RunArgs(corpus, db, simulator));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(requestsBefore, simulator.Stats.Requests);
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, tables));
    }

    [Fact]
    public async Task With_every_fault_at_once_each_prompt_ends_with_exactly_one_status_and_no_tampering_or_rewrite_gets_through()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 60);
        var db = dir.Combine("h.duckdb");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            RequiredApiKey = Key,
            // Faults are drawn per admission number, so with these rates seed 238 makes admissions 2 and 6 rewrites, which
            // apply to any batch. Seed 11 left the content faults to a placeholder tamper at admission 5, which applies only
            // when that batch holds a placeholder: which batch comes fifth depends on scheduling, and under load none did.
            Seed = 238,
            TimeoutHold = TimeSpan.FromSeconds(20),
            Faults = new FaultRates
            {
                TooManyRequests = 0.10, ServerError = 0.05, Timeout = 0.02, MalformedJson = 0.05,
                MissingId = 0.02, ExtraId = 0.02, DuplicateId = 0.01, TamperedPlaceholder = 0.03, Rewrite = 0.03,
            },
        }, TestContext.Current.CancellationToken);

        var result = await HindsightCli.RunWithEnvironmentAsync(Environment(), RunArgs(corpus, db, simulator, "--timeout", "3"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var eligible = await EligibleTargetsAsync(db);
        var rows = await WarehouseProbe.RowsAsync(db, "SELECT entity_id, status, reason, original_text, corrected_text FROM corrections");
        Assert.Equal(eligible, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (string)r[0]!).Distinct().Count());
        Assert.All(rows, r => Assert.Contains((string)r[1]!, new[] { "corrected", "unchanged", "rejected", "failed", "skipped" }));
        Assert.All(rows.Where(r => (string)r[1]! is "rejected" or "failed" or "skipped"), r => Assert.False(string.IsNullOrEmpty((string?)r[2])));
        Assert.All(rows.Where(r => (string)r[1]! != "corrected"), r => Assert.Equal((string)r[3]!, (string)r[4]!));
        foreach (var row in rows.Where(r => (string)r[1]! == "corrected"))
        {
            var (original, corrected) = ((string)row[3]!, (string)row[4]!);
            // A rewrite or a tampered placeholder must never land: corrections stay close to the original and keep every protected span.
            Assert.True(NormalizedDistance(original, corrected) <= 0.30, $"too far from the original: [{original}] -> [{corrected}]");
            foreach (Match span in ProtectedSpan().Matches(original)) Assert.Contains(span.Value, corrected, StringComparison.Ordinal);
            Assert.DoesNotContain('\u27E6', corrected.Replace(original, "", StringComparison.Ordinal));
        }
        Assert.True(simulator.Stats.TamperedPlaceholder + simulator.Stats.Rewrite > 0, "the simulator injected no content fault; the test proves nothing");
        AssertNoSecretReached(simulator);
    }

    [Fact]
    public async Task The_dry_run_estimates_exactly_the_requests_the_real_run_sends()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 40);
        var db = dir.Combine("h.duckdb");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        // Stages 0-3 first, with correction disabled, so the dry run sees the same targets as the real run.
        await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "run", "--source", corpus.Projects, "--db", db, "--quiet", "--provider", "none");

        var dry = await HindsightCli.RunWithEnvironmentAsync(Environment(), "correct", "--db", db, "--quiet", "--json", "--dry-run",
            "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString());
        var real = await HindsightCli.RunWithEnvironmentAsync(Environment(), "correct", "--db", db, "--quiet", "--json",
            "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString());

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.True(real.ExitCode == 0, real.ToString());
        var estimated = dry.Json["stages"]![0]!["metrics"]!["batches"]!.GetValue<long>();
        Assert.True(estimated > 0);
        Assert.Equal(estimated, real.Json["stages"]![0]!["metrics"]!["calls"]!.GetValue<long>());
        Assert.Equal(estimated, simulator.Stats.Requests);
    }

    [Fact]
    public async Task A_run_cancelled_midway_finishes_the_rest_on_the_next_run_without_resending_what_was_done()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 60);
        var db = dir.Combine("h.duckdb");
        await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "run", "--source", corpus.Projects, "--db", db, "--quiet", "--provider", "none");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key, LatencyMedianMs = 400, LatencySigma = 0.2 }, TestContext.Current.CancellationToken);
        string[] correct = ["correct", "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), "--max-concurrency", "2"];

        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            // Cancelled once a few answers have come back and had time to be written, not after a fixed time from the
            // start: on a loaded machine start-up alone can take longer than any fixed delay.
            var canceller = CancelAfterAnswersAsync(simulator, answers: 2, cancel);
            var interrupted = await HindsightCli.RunWithEnvironmentAsync(Environment(), cancel.Token, correct);
            Assert.Equal(1, interrupted.ExitCode);
            await canceller;
        }
        var settledAfterCancel = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE provider = 'gemini' AND status IN ('corrected', 'unchanged')");
        var itemsBefore = simulator.Stats.ItemsReceived;
        Assert.True(settledAfterCancel > 0, "nothing finished before the cancellation; lengthen the delay");

        var resumed = await HindsightCli.RunWithEnvironmentAsync(Environment(), correct);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var eligible = await EligibleTargetsAsync(db);
        Assert.Equal(eligible, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE provider = 'gemini' AND status IN ('corrected', 'unchanged')"));
        // What the second run sent is what the first had not finished: a fresh run over everything sends the sum.
        await using var fresh = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        var freshDb = dir.Combine("fresh.duckdb");
        await HindsightCli.RunWithEnvironmentAsync(Environment(), "run", "--source", corpus.Projects, "--db", freshDb, "--quiet", "--provider", "gemini", "--base-url", fresh.GeminiBaseUrl.ToString());
        Assert.True(simulator.Stats.ItemsReceived - itemsBefore < fresh.Stats.ItemsReceived);
        Assert.True(simulator.Stats.ItemsReceived <= fresh.Stats.ItemsReceived + 2 * 15,
            $"the interrupted and resumed runs sent {simulator.Stats.ItemsReceived} items, a single run {fresh.Stats.ItemsReceived}: finished work was sent again");
    }

    private static async Task CancelAfterAnswersAsync(SimulatorServer simulator, int answers, CancellationTokenSource cancel)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (simulator.Stats.Succeeded < answers && DateTime.UtcNow < deadline && !cancel.IsCancellationRequested)
            await Task.Delay(20, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
    }

    /// <summary>Inline code, fenced code, URLs and absolute paths: spans stage 4 must return byte for byte.</summary>
    [GeneratedRegex(@"```[\s\S]*?```|`[^`\n]+`|https?://\S+|(?<!\w)/(?:[\w.-]+/)+[\w.-]+")]
    private static partial Regex ProtectedSpan();

    private static double NormalizedDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return (double)previous[b.Length] / Math.Max(1, Math.Max(a.Length, b.Length));
    }
}
