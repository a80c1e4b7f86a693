using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Sources.GeminiCli;

/// <summary>
/// Gemini CLI usage against the pinned ccusage's <c>gemini daily --json --offline</c> (it reads GEMINI_DATA_DIR) on
/// tests/fixtures/gemini/tmp: input and cache reads per day and model equal; output equal once the thoughts ccusage
/// leaves out of its outputTokens (it bills them) are added (Sources/GeminiCli/README.md, "Against ccusage"); cost
/// within 1%.
/// </summary>
public sealed class GeminiCcusageCrossCheckTests
{
    [Fact]
    public async Task Gemini_tokens_per_day_and_model_equal_ccusages()
    {
        if (!File.Exists(CcusageProcess.Binary)) Assert.Skip($"ccusage is not installed at {CcusageProcess.Binary}; run tools/ccusage/install.sh (needs npm).");
        using var dir = new TempDirectory();
        var root = Path.Combine(RepositoryPaths.Fixtures, "gemini", "tmp");
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Fixtures, "gemini", "expected.json"), TestContext.Current.CancellationToken))!;
        var thoughts = expected["usage"]!.AsArray().ToDictionary(u => $"{u!["date"]!.GetValue<string>()} {u["model"]!.GetValue<string>()}", u => u!["thoughts"]!.GetValue<long>());
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", "gemini_cli=" + root, "--db", db, "--quiet", "--provider", "none");
        Assert.True(run.ExitCode == 0, run.ToString());
        var ours = await HindsightCli.RunAsync("report", "daily", "--json", "--agent", "gemini_cli", "--timezone", "UTC", "--db", db);
        Assert.True(ours.ExitCode == 0, ours.ToString());
        var home = Directory.CreateDirectory(dir.Combine("ccusage-home")).FullName;
        var theirs = await CcusageProcess.RunJsonAsync(new Dictionary<string, string> { ["HOME"] = home, ["GEMINI_DATA_DIR"] = root },
            "gemini", "daily", "--json", "--offline", "--timezone", "UTC");

        var differences = new List<string>();
        var hindsightRows = Rows(ours.Json["daily"]!.AsArray(), "period");
        var ccusageRows = Rows(theirs["daily"]!.AsArray(), "date");
        foreach (var key in hindsightRows.Keys.Union(ccusageRows.Keys).Order(StringComparer.Ordinal))
        {
            if (!hindsightRows.TryGetValue(key, out var h)) { differences.Add($"{key}: only in ccusage"); continue; }
            if (!ccusageRows.TryGetValue(key, out var c)) { differences.Add($"{key}: only in hindsight"); continue; }
            foreach (var kind in new[] { "inputTokens", "outputTokens", "cacheReadTokens" })
            {
                long hv = h[kind]!.GetValue<long>(), cv = c[kind]!.GetValue<long>();
                // ccusage's outputTokens leave the thoughts out; Hindsight's output holds them, as both bill them.
                if (kind == "outputTokens") cv += thoughts[key];
                if (hv != cv) differences.Add($"{key}: {kind} {hv} (hindsight) != {cv} (ccusage, thoughts added to output)");
            }
        }
        double hc = ours.Json["totals"]!["totalCost"]!.GetValue<double>(), cc = theirs["totals"]!["totalCost"]!.GetValue<double>();
        if (Math.Abs(hc - cc) > 0.01 * Math.Max(hc, cc))
            differences.Add($"total cost {hc.ToString(CultureInfo.InvariantCulture)} (hindsight) vs {cc.ToString(CultureInfo.InvariantCulture)} (ccusage)");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(thoughts.Count, hindsightRows.Count);
    }

    private static Dictionary<string, JsonObject> Rows(JsonArray days, string dateKey)
    {
        var rows = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            foreach (var model in day!["modelBreakdowns"]!.AsArray())
                rows[$"{day[dateKey]!.GetValue<string>()} {model!["modelName"]!.GetValue<string>()}"] = model.AsObject();
        }
        return rows;
    }
}
