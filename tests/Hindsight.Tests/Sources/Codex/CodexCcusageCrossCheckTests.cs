using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Sources.Codex;

/// <summary>
/// Codex usage against the pinned ccusage's <c>codex daily --json --offline</c> (it reads CODEX_HOME) on
/// tests/fixtures/codex/home: tokens per day and model equal, costs within 1% where both price the model. The priority
/// home is compared on tokens only: its cost differs on purpose (Sources/Codex/README.md, "Against ccusage").
/// </summary>
public sealed class CodexCcusageCrossCheckTests
{
    private static string CcusageBinary => CcusageProcess.Binary;

    [Theory]
    [InlineData("home", true)]
    [InlineData("priority", false)]
    public async Task Codex_tokens_per_day_and_model_equal_ccusages(string home, bool compareCost)
    {
        if (!File.Exists(CcusageBinary)) Assert.Skip($"ccusage is not installed at {CcusageBinary}; run tools/ccusage/install.sh (needs npm).");
        using var dir = new TempDirectory();
        var root = Path.Combine(RepositoryPaths.Fixtures, "codex", home);
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", "codex=" + root, "--db", db, "--quiet", "--provider", "none");
        Assert.True(run.ExitCode == 0, run.ToString());
        var ours = await HindsightCli.RunAsync("report", "daily", "--json", "--agent", "codex", "--timezone", "UTC", "--db", db);
        Assert.True(ours.ExitCode == 0, ours.ToString());
        var theirs = await RunCcusageAsync(dir, root);

        var differences = new List<string>();
        var hindsightRows = Rows(ours.Json["daily"]!.AsArray(), "period", "modelBreakdowns", "modelName");
        var ccusageRows = Rows(theirs["daily"]!.AsArray(), "date", "models", null);
        foreach (var key in hindsightRows.Keys.Union(ccusageRows.Keys).Order(StringComparer.Ordinal))
        {
            if (!hindsightRows.TryGetValue(key, out var h)) { differences.Add($"{key}: only in ccusage"); continue; }
            if (!ccusageRows.TryGetValue(key, out var c)) { differences.Add($"{key}: only in hindsight"); continue; }
            foreach (var kind in new[] { "inputTokens", "outputTokens", "cacheReadTokens" })
            {
                long hv = h[kind]!.GetValue<long>(), cv = c[kind]!.GetValue<long>();
                if (hv != cv) differences.Add($"{key}: {kind} {hv} (hindsight) != {cv} (ccusage)");
            }
        }
        if (compareCost)
        {
            double hc = ours.Json["totals"]!["totalCost"]!.GetValue<double>(), cc = theirs["totals"]!["costUSD"]!.GetValue<double>();
            if (Math.Abs(hc - cc) > 0.01 * Math.Max(hc, cc))
                differences.Add($"total cost {hc.ToString(CultureInfo.InvariantCulture)} (hindsight) vs {cc.ToString(CultureInfo.InvariantCulture)} (ccusage)");
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.NotEmpty(hindsightRows);
    }

    /// <summary>Per "day model": Hindsight's modelBreakdowns (a list) or ccusage codex's models (an object keyed by model).</summary>
    private static Dictionary<string, JsonObject> Rows(JsonArray days, string dateKey, string modelsKey, string? modelNameKey)
    {
        var rows = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            var date = day![dateKey]!.GetValue<string>();
            if (modelNameKey is not null)
            {
                foreach (var model in day[modelsKey]!.AsArray()) rows[$"{date} {model![modelNameKey]!.GetValue<string>()}"] = model.AsObject();
            }
            else
            {
                foreach (var (name, model) in day[modelsKey]!.AsObject()) rows[$"{date} {name}"] = model!.AsObject();
            }
        }
        return rows;
    }

    private static async Task<JsonNode> RunCcusageAsync(TempDirectory dir, string codexHome)
    {
        var home = Directory.CreateDirectory(dir.Combine("ccusage-home")).FullName;
        return await CcusageProcess.RunJsonAsync(new Dictionary<string, string> { ["HOME"] = home, ["CODEX_HOME"] = codexHome },
            "codex", "daily", "--json", "--offline", "--timezone", "UTC");
    }
}
