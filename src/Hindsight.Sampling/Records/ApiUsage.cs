using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// The token usage of one API call, from the chain's context (what the cache holds, what was added since the last
/// call, what the response writes), and the shape each version gives the usage object.
/// </summary>
internal static class ApiUsage
{
    /// <summary>The usage of the chain's next call: it reads the cached context, writes what was added since, and outputs about a token per four characters of its blocks.</summary>
    public static UsageNumbers Next(Conversation chain, IReadOnlyList<PlannedBlock> blocks)
    {
        long output = chain.Random.Next(8, 40);
        foreach (var block in blocks)
        {
            output += block.Kind switch
            {
                BlockKind.Thinking when block.Text.Length == 0 => chain.Random.Next(80, 2500),
                BlockKind.ToolUse => block.Tool!.InputCharacters / 4 + 20,
                _ => block.Text.Length / 4,
            };
        }
        long cacheRead = chain.ContextTokens;
        var cacheCreation = chain.PendingContextTokens;
        if (chain.ContextTokens == 0)
        {
            // First call: the system prompt and tools, sometimes already cached by another session.
            cacheRead = chain.Random.Chance(0.5) ? chain.Random.Next(11_000, 15_000) : 0;
            cacheCreation += chain.Random.Next(4_000, 20_000);
        }
        cacheCreation = Math.Max(cacheCreation, chain.Random.Next(20, 400));
        long input = chain.Random.Chance(0.05) ? chain.Random.Next(100, 3000) : chain.Random.Next(1, 10);
        var oneHour = chain.Version.AtLeast(2, 1, 39);
        return new UsageNumbers(
            input,
            Math.Max(10, output),
            cacheCreation,
            cacheRead,
            oneHour ? 0 : cacheCreation,
            oneHour ? cacheCreation : 0);
    }

    /// <summary>The usage object, in the shape the version writes; <paramref name="fullShape"/> is false on the early lines of a split response that carry a placeholder output count.</summary>
    public static void Write(Utf8JsonWriter w, in UsageNumbers usage, bool fullShape, ClaudeVersion version)
    {
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("input_tokens", usage.Input);
        w.WriteNumber("cache_creation_input_tokens", usage.CacheCreation);
        w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        if (version.IsModern && fullShape)
        {
            // The final 2.1.7x usage object: server tool counters, iterations and speed appear only here.
            w.WriteNumber("output_tokens", usage.Output);
            w.WritePropertyName("server_tool_use");
            w.WriteStartObject();
            w.WriteNumber("web_search_requests", 0);
            w.WriteNumber("web_fetch_requests", 0);
            w.WriteEndObject();
            w.WriteString("service_tier", "standard");
            w.WritePropertyName("cache_creation");
            w.WriteStartObject();
            w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1h);
            w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreation5m);
            w.WriteEndObject();
            w.WriteString("inference_geo", string.Empty);
            w.WritePropertyName("iterations");
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteNumber("input_tokens", usage.Input);
            w.WriteNumber("output_tokens", usage.Output);
            w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
            w.WriteNumber("cache_creation_input_tokens", usage.CacheCreation);
            w.WritePropertyName("cache_creation");
            w.WriteStartObject();
            w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreation5m);
            w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1h);
            w.WriteEndObject();
            w.WriteString("type", "message");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("speed", "standard");
            w.WriteEndObject();
            return;
        }
        if (version.HasCacheCreationBreakdown)
        {
            w.WritePropertyName("cache_creation");
            w.WriteStartObject();
            w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreation5m);
            w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1h);
            w.WriteEndObject();
        }
        w.WriteNumber("output_tokens", usage.Output);
        w.WriteString("service_tier", "standard");
        if (version.HasInferenceGeo)
        {
            w.WriteString("inference_geo", "not_available");
        }
        w.WriteEndObject();
    }
}
