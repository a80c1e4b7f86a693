using Hindsight.Simulator;

namespace Hindsight.Tests.Stages.Correct;

/// <summary>
/// A settled correction (corrected or unchanged) is a fact about what the person meant: a later run with no
/// provider, another model or a failing endpoint never downgrades it, in <c>corrections</c> or in the staged table.
/// Re-correcting is the explicit --recorrect (with a dry-run estimate), and <c>correction_history</c> keeps every answer.
/// Through the command line, against the simulator on 127.0.0.1.
/// </summary>
public sealed class SettledCorrectionTests
{
    private const string Key = "sim-settled-key-8c1d";

    private const string SettledRows = """
        SELECT entity_id, status, corrected_text, provider, model, settled_at FROM corrections
        WHERE status IN ('corrected', 'unchanged') ORDER BY entity_id
        """;

    private const string StagedTexts = """
        SELECT s.entity_id, s.text, s.metadata FROM claude_code_stage_4 s
        JOIN corrections c USING (entity_id) WHERE c.status IN ('corrected', 'unchanged') ORDER BY s.entity_id
        """;

    private static Dictionary<string, string?> WithKey(string key) => new() { ["GEMINI_API_KEY"] = key };

    private static string[] Correct(string db, SimulatorServer simulator, params string[] extra) =>
        ["correct", "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), .. extra];

    private static async Task<(GeneratedCorpus Corpus, string Db, long Corrected)> CorrectedWarehouseAsync(TempDirectory dir, SimulatorServer simulator)
    {
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        var db = dir.Combine("h.duckdb");
        var first = await HindsightCli.RunWithEnvironmentAsync(WithKey(Key),
            "run", "--source", corpus.Projects, "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        var corrected = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status = 'corrected'");
        Assert.True(corrected > 10, $"only {corrected} prompts were corrected; the test proves little");
        return (corpus, db, corrected);
    }

    [Fact]
    public async Task A_run_without_a_key_or_with_another_model_against_a_failing_endpoint_keeps_every_settled_correction_and_its_staged_text()
    {
        using var dir = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        var (corpus, db, _) = await CorrectedWarehouseAsync(dir, simulator);
        var settledBefore = await WarehouseProbe.RowsAsync(db, SettledRows);
        var stagedBefore = await WarehouseProbe.RowsAsync(db, StagedTexts);
        var historyBefore = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM correction_history");

        // No key anywhere: the 391 corrected prompts turned skipped here.
        var keyless = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?>(),
            "run", "--source", corpus.Projects, "--db", db, "--quiet", "--json", "--provider", "none");
        Assert.True(keyless.ExitCode == 0, keyless.ToString());
        Assert.Equal(settledBefore, await WarehouseProbe.RowsAsync(db, SettledRows));
        Assert.Equal(stagedBefore, await WarehouseProbe.RowsAsync(db, StagedTexts));

        // Another model, and a key the endpoint refuses: every call fails and the circuit opens.
        // Without --recorrect only unsettled prompts are targeted (none, when the first run settled them all).
        var unsettledBefore = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status NOT IN ('corrected', 'unchanged')");
        var failing = await HindsightCli.RunWithEnvironmentAsync(WithKey("a-key-the-endpoint-refuses"),
            Correct(db, simulator, "--model", "gemini-2.5-pro"));
        Assert.True(failing.ExitCode == (unsettledBefore > 0 ? 1 : 0), failing.ToString());
        Assert.Equal(unsettledBefore, failing.Json["stages"]![0]!["metrics"]!["targets"]!.GetValue<long>());
        Assert.Equal(settledBefore, await WarehouseProbe.RowsAsync(db, SettledRows));
        Assert.Equal(stagedBefore, await WarehouseProbe.RowsAsync(db, StagedTexts));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE model = 'gemini-2.5-pro' AND status IN ('corrected', 'unchanged')"));

        // Even an explicit --recorrect against the failing endpoint downgrades nothing: a failed answer is history, not current.
        var failingRecorrect = await HindsightCli.RunWithEnvironmentAsync(WithKey("a-key-the-endpoint-refuses"),
            Correct(db, simulator, "--model", "gemini-2.5-pro", "--recorrect"));
        Assert.True(failingRecorrect.ExitCode == 1, failingRecorrect.ToString());
        Assert.Equal(settledBefore, await WarehouseProbe.RowsAsync(db, SettledRows));
        Assert.Equal(stagedBefore, await WarehouseProbe.RowsAsync(db, StagedTexts));
        Assert.Equal(settledBefore.Count, await WarehouseProbe.ScalarAsync<long>(db,
            "SELECT count(DISTINCT entity_id) FROM correction_history WHERE NOT applied AND status = 'failed' AND model = 'gemini-2.5-pro'"));

        // Another model on a working endpoint, without --recorrect: only what is not settled is sent.
        var unsettled = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status NOT IN ('corrected', 'unchanged')");
        var itemsBefore = simulator.Stats.ItemsReceived;
        var otherModel = await HindsightCli.RunWithEnvironmentAsync(WithKey(Key), Correct(db, simulator, "--model", "gemini-2.5-pro"));
        Assert.True(otherModel.ExitCode == 0, otherModel.ToString());
        Assert.Equal(unsettled, otherModel.Json["stages"]![0]!["metrics"]!["targets"]!.GetValue<long>());
        Assert.True(simulator.Stats.ItemsReceived - itemsBefore <= unsettled, "a settled prompt was sent again without --recorrect");
        Assert.Equal(settledBefore, await WarehouseProbe.RowsAsync(db,
            SettledRows.Replace("ORDER BY", "AND model <> 'gemini-2.5-pro' ORDER BY", StringComparison.Ordinal)));
        Assert.Equal(settledBefore.Count, await WarehouseProbe.ScalarAsync<long>(db,
            "SELECT count(*) FROM corrections WHERE status IN ('corrected', 'unchanged') AND model <> 'gemini-2.5-pro'"));

        // Every attempt is in the history; the ones that would have downgraded a settled row are marked not applied.
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM correction_history") > historyBefore);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, """
            SELECT count(*) FROM correction_history h JOIN corrections c USING (entity_id)
            WHERE h.applied AND h.settled_at > c.settled_at
            """));
    }

    [Fact]
    public async Task Recorrect_is_estimated_by_its_dry_run_replaces_settled_corrections_with_the_new_model_and_the_history_keeps_both()
    {
        using var dir = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        var (_, db, corrected) = await CorrectedWarehouseAsync(dir, simulator);
        var settled = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status IN ('corrected', 'unchanged')");

        var withoutFlag = await HindsightCli.RunWithEnvironmentAsync(WithKey(Key), Correct(db, simulator, "--model", "gemini-2.5-pro", "--dry-run"));
        var dry = await HindsightCli.RunWithEnvironmentAsync(WithKey(Key), Correct(db, simulator, "--model", "gemini-2.5-pro", "--recorrect", "--dry-run"));
        Assert.True(dry.ExitCode == 0, dry.ToString());
        var dryMetrics = dry.Json["stages"]![0]!["metrics"]!;
        Assert.True(dryMetrics["recorrect"]!.GetValue<bool>());
        Assert.True(dryMetrics["targets"]!.GetValue<long>() >= settled);
        Assert.True(dryMetrics["targets"]!.GetValue<long>() > withoutFlag.Json["stages"]![0]!["metrics"]!["targets"]!.GetValue<long>());
        var estimatedBatches = dryMetrics["batches"]!.GetValue<long>();
        Assert.True(estimatedBatches > 0 && dryMetrics["estimated_input_tokens"]!.GetValue<long>() > 0);
        Assert.Contains("re-correcting", dryMetrics["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        var requestsBefore = simulator.Stats.Requests;
        var real = await HindsightCli.RunWithEnvironmentAsync(WithKey(Key), Correct(db, simulator, "--model", "gemini-2.5-pro", "--recorrect"));

        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Equal(estimatedBatches, simulator.Stats.Requests - requestsBefore);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status IN ('corrected', 'unchanged') AND model <> 'gemini-2.5-pro'"));
        Assert.Equal(corrected, await WarehouseProbe.ScalarAsync<long>(db, """
            SELECT count(DISTINCT entity_id) FROM correction_history h
            WHERE h.status = 'corrected' AND h.model = 'gemini-2.5-flash-lite'
              AND EXISTS (SELECT 1 FROM correction_history n WHERE n.entity_id = h.entity_id AND n.model = 'gemini-2.5-pro' AND n.applied)
            """));
        // The staged table follows the current correction.
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, """
            SELECT count(*) FROM claude_code_stage_4 s JOIN corrections c USING (entity_id)
            WHERE c.status = 'corrected' AND (s.text <> c.corrected_text OR json_extract_string(s.metadata, '$.correction_model') <> 'gemini-2.5-pro')
            """));

        // Run again: the re-correction is done, so nothing is sent.
        var again = await HindsightCli.RunWithEnvironmentAsync(WithKey(Key), Correct(db, simulator, "--model", "gemini-2.5-pro", "--recorrect"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(estimatedBatches, simulator.Stats.Requests - requestsBefore);
    }
}
