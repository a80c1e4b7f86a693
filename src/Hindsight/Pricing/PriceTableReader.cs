using System.Text.Json;

namespace Hindsight.Pricing;

/// <summary>
/// Reads the prices.json schema strictly: a misspelt field in a user's override must fail loudly instead of
/// leaving a model priced by the shipped table while the user believes otherwise.
/// </summary>
internal static class PriceTableReader
{
    private static readonly HashSet<string> TopLevelFields = ["version", "source", "currency", "unit", "models"];
    private static readonly HashSet<string> ModelFields =
        ["input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead", "above200k", "fastMultiplier", "aliases", "note"];
    private static readonly HashSet<string> RateFields = ["input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead"];

    public static PriceTableDocument Read(string json, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return ReadRoot(document.RootElement, origin);
        }
        catch (JsonException exception)
        {
            throw new PriceTableException($"{origin}: not valid JSON ({exception.Message})", exception);
        }
    }

    private static PriceTableDocument ReadRoot(JsonElement root, string origin)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail(origin, "$", "must be a JSON object");
        }

        RejectUnknownFields(root, TopLevelFields, origin, "$");
        var currency = OptionalString(root, "currency", origin, "$");
        if (currency is not null && currency != "USD")
        {
            throw Fail(origin, "$.currency", $"must be \"USD\", found \"{currency}\"");
        }

        var unit = OptionalString(root, "unit", origin, "$");
        if (unit is not null && unit != "per million tokens")
        {
            throw Fail(origin, "$.unit", $"must be \"per million tokens\", found \"{unit}\"");
        }

        if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
        {
            throw Fail(origin, "$.models", "is required and must be an object keyed by model name");
        }

        var prices = new List<ModelPrice>();
        foreach (var model in models.EnumerateObject())
        {
            prices.Add(ReadModel(model, origin));
        }

        return new PriceTableDocument(origin, OptionalString(root, "version", origin, "$"), OptionalString(root, "source", origin, "$"), prices);
    }

    private static ModelPrice ReadModel(JsonProperty model, string origin)
    {
        var path = $"$.models[\"{model.Name}\"]";
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            throw Fail(origin, path, "a model name must not be empty");
        }

        if (model.Value.ValueKind != JsonValueKind.Object)
        {
            throw Fail(origin, path, "must be an object");
        }

        RejectUnknownFields(model.Value, ModelFields, origin, path);
        TokenRates? above = null;
        if (model.Value.TryGetProperty("above200k", out var tier))
        {
            if (tier.ValueKind != JsonValueKind.Object)
            {
                throw Fail(origin, path + ".above200k", "must be an object with the five rates");
            }

            RejectUnknownFields(tier, RateFields, origin, path + ".above200k");
            above = ReadRates(tier, origin, path + ".above200k");
        }

        var fastMultiplier = 1m;
        if (model.Value.TryGetProperty("fastMultiplier", out var fast))
        {
            fastMultiplier = ReadNumber(fast, origin, path + ".fastMultiplier");
            if (fastMultiplier <= 0)
            {
                throw Fail(origin, path + ".fastMultiplier", "must be greater than zero");
            }
        }

        return new ModelPrice
        {
            Model = model.Name,
            Base = ReadRates(model.Value, origin, path),
            Above200k = above,
            FastMultiplier = fastMultiplier,
            Aliases = ReadAliases(model.Value, origin, path),
            Note = OptionalString(model.Value, "note", origin, path),
        };
    }

    private static TokenRates ReadRates(JsonElement element, string origin, string path) =>
        new(
            RequiredRate(element, "input", origin, path),
            RequiredRate(element, "output", origin, path),
            RequiredRate(element, "cacheWrite5m", origin, path),
            RequiredRate(element, "cacheWrite1h", origin, path),
            RequiredRate(element, "cacheRead", origin, path));

    private static decimal RequiredRate(JsonElement element, string name, string origin, string path)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw Fail(origin, path, $"misses the rate \"{name}\" (USD per million tokens)");
        }

        var rate = ReadNumber(value, origin, $"{path}.{name}");
        return rate < 0 ? throw Fail(origin, $"{path}.{name}", "must not be negative") : rate;
    }

    private static decimal ReadNumber(JsonElement value, string origin, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw Fail(origin, path, "must be a number");

    private static List<string> ReadAliases(JsonElement model, string origin, string path)
    {
        var aliases = new List<string>();
        if (!model.TryGetProperty("aliases", out var array))
        {
            return aliases;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Fail(origin, path + ".aliases", "must be an array of model names");
        }

        foreach (var alias in array.EnumerateArray())
        {
            if (alias.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(alias.GetString()))
            {
                throw Fail(origin, path + ".aliases", "must hold only non-empty strings");
            }

            aliases.Add(alias.GetString()!);
        }

        return aliases;
    }

    private static string? OptionalString(JsonElement element, string name, string origin, string path)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Fail(origin, $"{path}.{name}", "must be a string");
    }

    private static void RejectUnknownFields(JsonElement element, HashSet<string> known, string origin, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw Fail(origin, path, $"has the unknown field \"{property.Name}\" (known: {string.Join(", ", known)})");
            }
        }
    }

    private static PriceTableException Fail(string origin, string path, string problem) => new($"{origin}: {path} {problem}");
}
