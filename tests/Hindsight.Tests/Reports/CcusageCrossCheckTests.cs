using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Reports;

/// <summary>
/// The same comparison as tools/ccusage/crosscheck.sh, in-process: `hindsight run` then `report daily --json` against
/// the pinned ccusage's `daily --json --offline` on a real corpus, per day and model. Tokens must be equal; costs within
/// 1% where both price the model. Needs tools/ccusage/install.sh to have run (CI does) and ../shared/transcripts.
/// </summary>
public sealed class CcusageCrossCheckTests
{
    private const double CostTolerance = 0.01;
    private static readonly string[] TokenKinds = ["inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens"];

    private static string CcusageBinary => CcusageProcess.Binary;

    [Theory]
    [InlineData("claude-code-log/real_projects")]
    [InlineData("sniffly")]
    public async Task Daily_tokens_per_day_and_model_equal_ccusages_and_costs_agree_within_one_percent(string corpus)
    {
        var projects = Path.Combine(RepositoryPaths.RequireSharedTranscripts(), corpus);
        if (!Directory.Exists(projects)) Assert.Skip($"{projects} is missing from ../shared/transcripts.");
        using var dir = new TempDirectory();
        await CompareWithCcusageAsync(dir, projects, corpus);
    }

    /// <summary>
    /// Subagent calls that survive only as copies in the parent's progress records (its own file missing), and the same
    /// shape with the subagent file present: ccusage counts the copy once, and so must Hindsight.
    /// </summary>
    [Fact]
    public async Task Progress_embedded_subagent_usage_equals_ccusages_with_and_without_the_subagent_file()
    {
        using var dir = new TempDirectory();
        var projects = UsageFixtures.ProjectsWithOnly(dir, "-home-ana-work-agents");
        await CompareWithCcusageAsync(dir, projects, "tests/fixtures/usage -home-ana-work-agents");
    }

    private static async Task CompareWithCcusageAsync(TempDirectory dir, string projects, string corpus)
    {
        if (!File.Exists(CcusageBinary)) Assert.Skip($"ccusage is not installed at {CcusageBinary}; run tools/ccusage/install.sh (needs npm).");

        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", projects, "--db", db, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        var hindsight = await HindsightCli.RunAsync("report", "daily", "--json", "--timezone", "UTC", "--db", db);
        Assert.True(hindsight.ExitCode == 0, hindsight.ToString());
        var ccusage = await RunCcusageAsync(dir, projects);

        var ours = Breakdowns(hindsight.Json);
        var theirs = Breakdowns(ccusage);
        var differences = new List<string>();
        foreach (var key in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            if (!ours.TryGetValue(key, out var h)) { differences.Add($"{key}: only in ccusage"); continue; }
            if (!theirs.TryGetValue(key, out var c)) { differences.Add($"{key}: only in hindsight"); continue; }
            differences.AddRange(Compare(key, h, c));
        }
        differences.AddRange(Compare("totals", hindsight.Json["totals"]!.AsObject(), ccusage["totals"]!.AsObject(), costKey: "totalCost"));

        Assert.True(differences.Count == 0, $"{differences.Count} differences with ccusage on {corpus}:\n" + string.Join("\n", differences));
        Assert.NotEmpty(ours);
    }

    private static Dictionary<string, JsonObject> Breakdowns(JsonNode report)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var day in report["daily"]!.AsArray())
        {
            var period = day!["period"]!.GetValue<string>();
            foreach (var breakdown in day["modelBreakdowns"]!.AsArray())
                result[$"{period} {breakdown!["modelName"]!.GetValue<string>()}"] = breakdown.AsObject();
            // The day's own tokens also hold tokens that belong to no model (<synthetic> lines in ccusage).
            result[$"{period} (day)"] = day.AsObject();
        }
        return result;
    }

    private static IEnumerable<string> Compare(string key, JsonObject ours, JsonObject theirs, string? costKey = null)
    {
        foreach (var kind in TokenKinds)
        {
            long h = ours[kind]!.GetValue<long>(), c = theirs[kind]!.GetValue<long>();
            if (h != c) yield return $"{key}: {kind} {h} (hindsight) != {c} (ccusage)";
        }
        costKey ??= ours.ContainsKey("cost") ? "cost" : "totalCost";
        bool bothPriced = !ours.ContainsKey("missingPricing") && !theirs.ContainsKey("missingPricing");
        if (!bothPriced) yield break;
        double hc = ours[costKey]!.GetValue<double>(), cc = theirs[costKey]!.GetValue<double>();
        if (Math.Abs(hc - cc) > CostTolerance * Math.Max(Math.Abs(hc), Math.Abs(cc)))
            yield return $"{key}: cost {hc.ToString(CultureInfo.InvariantCulture)} (hindsight) vs {cc.ToString(CultureInfo.InvariantCulture)} (ccusage)";
    }

    /// <summary>Runs ccusage as tools/ccusage/run.sh does: an empty HOME and a CLAUDE_CONFIG_DIR whose projects link to the corpus.</summary>
    private static async Task<JsonNode> RunCcusageAsync(TempDirectory dir, string projects)
    {
        var config = Directory.CreateDirectory(dir.Combine("ccusage-config")).FullName;
        var home = Directory.CreateDirectory(dir.Combine("ccusage-home")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(config, "projects"), projects);
        return await CcusageProcess.RunJsonAsync(new Dictionary<string, string> { ["HOME"] = home, ["CLAUDE_CONFIG_DIR"] = config },
            "daily", "--json", "--offline", "--timezone", "UTC");
    }
}
