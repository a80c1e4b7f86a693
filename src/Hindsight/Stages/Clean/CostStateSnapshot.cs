using System.Text.Json;

namespace Hindsight.Stages.Clean;

/// <summary>
/// One <c>cost-state</c> record read tolerantly: a field of the wrong type counts as absent (0 for token counts,
/// null for costs), a model entry that is not an object is skipped, and a line without <c>modelUsage</c> is no
/// snapshot at all.
/// </summary>
public sealed record CostStateSnapshot(double? TotalCostUsd, bool? HasUnknownModelCost, IReadOnlyList<CostStateModelUsage> Models)
{
    public static CostStateSnapshot? Parse(string raw)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = Sources.ClaudeCode.TranscriptLineParser.MaxJsonDepth });
        }
        catch (JsonException)
        {
            return null;
        }
        using var owned = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("modelUsage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            return null;
        var models = new List<CostStateModelUsage>();
        foreach (var entry in usage.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object || entry.Name.Length == 0) continue;
            var m = entry.Value;
            models.Add(new CostStateModelUsage(entry.Name,
                Count(m, "inputTokens"), Count(m, "outputTokens"), Count(m, "thinkingTokens"),
                Count(m, "cacheReadInputTokens"), Count(m, "cacheCreationInputTokens"),
                Count(m, "cacheCreationEphemeral5mInputTokens"), Count(m, "cacheCreationEphemeral1hInputTokens"),
                Count(m, "webSearchRequests"), Usd(m, "costUSD")));
        }
        bool? unknown = root.TryGetProperty("hasUnknownModelCost", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? flag.GetBoolean() : null;
        return new CostStateSnapshot(Usd(root, "totalCostUSD"), unknown, models);
    }

    private static long Count(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            && n >= 0 && n <= Sources.ClaudeCode.TranscriptLineParser.MaxTokenCount ? n : 0;

    private static double? Usd(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
            && double.IsFinite(d) ? d : null;
}
