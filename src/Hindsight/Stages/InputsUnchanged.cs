using System.Text.Json.Nodes;
using Hindsight.Runs;

namespace Hindsight.Stages;

/// <summary>The outcome of an incremental stage skipped because its inputs have not changed since it last succeeded.</summary>
public static class InputsUnchanged
{
    public const string Summary = "inputs unchanged since its last run: nothing to recompute";

    /// <summary>Succeeded with nothing done; <paramref name="figures"/> (the stage's own) come after the two markers.</summary>
    public static StageOutcome Outcome(params (string Name, JsonNode? Value)[] figures)
    {
        var metrics = new JsonObject { ["inputs_unchanged"] = true, ["summary"] = Summary };
        foreach (var (name, value) in figures) metrics[name] = value;
        return new StageOutcome(StageStatus.Succeeded, 0, 0, 0, metrics);
    }
}
