using System.Text.Json.Nodes;
using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Support;

/// <summary>Runs `hindsight run` (stages 0 to 3) on a folder of transcripts and finds stage 3 in its JSON output.</summary>
public static class IdentityPipeline
{
    public static async Task<CliResult> RunAsync(string source, string db, params string[] extra) =>
        await HindsightCli.RunAsync(["run", "--source", source, "--db", db, "--manifest", db + ".manifest.json", "--quiet", "--json", .. extra]);

    /// <summary>The identity stage's entry in a run's JSON output.</summary>
    public static JsonNode IdentityStage(CliResult result) =>
        result.Json["stages"]!.AsArray().SingleOrDefault(s => s!["stage"]!.GetValue<int>() == 3)
        ?? throw new InvalidOperationException("stage 3 is missing from the run: " + result);

    public static long Metric(CliResult result, string name) => IdentityStage(result)["metrics"]![name]!.GetValue<long>();

    /// <summary>Every entity as (id, parent, level, type, natural key, session), without locators or run ids, sorted.</summary>
    public static async Task<List<string>> EntitiesAsync(string db) =>
        (await WarehouseProbe.RowsAsync(db, "SELECT entity_id, parent_id, level, entity_type, natural_key, session_id FROM entities ORDER BY entity_id"))
        .Select(r => string.Join(" ", r.Select(v => v?.ToString() ?? "null"))).ToList();
}
