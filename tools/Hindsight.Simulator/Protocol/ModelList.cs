using System.Text.Json;

namespace Hindsight.Simulator;

/// <summary>The GET .../models answers: a couple of model ids per provider style.</summary>
internal static class ModelList
{
    public static readonly IReadOnlyList<string> OpenAiModels = ["gpt-4o-mini", "gpt-4.1-mini"];
    public static readonly IReadOnlyList<string> GeminiModels = ["gemini-2.5-flash-lite", "gemini-2.5-flash"];

    public static string Write(IReadOnlyList<string> ids, string ownedBy) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["object"] = "list",
        ["data"] = ids.Select(id => new Dictionary<string, object>
        {
            ["id"] = id,
            ["object"] = "model",
            ["created"] = 1_700_000_000,
            ["owned_by"] = ownedBy,
        }).ToList(),
    });
}
