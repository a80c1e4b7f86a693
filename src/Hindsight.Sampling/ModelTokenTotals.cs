using System.Text.Json.Serialization;

namespace Hindsight.Sampling;

/// <summary>
/// Token totals of one model over the distinct API messages (one per <c>message.id</c> + <c>requestId</c>, the line
/// with the largest total), i.e. what a correct deduplication must find. In <see cref="CorpusSummary.NaiveLineTokens"/>
/// the same shape sums every assistant line instead, and <see cref="ApiMessages"/> counts lines.
/// </summary>
public sealed record ModelTokenTotals(
    [property: JsonPropertyName("api_messages")] long ApiMessages,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("cache_creation_input_tokens")] long CacheCreationInputTokens,
    [property: JsonPropertyName("cache_read_input_tokens")] long CacheReadInputTokens,
    [property: JsonPropertyName("cache_creation_5m_input_tokens")] long CacheCreation5mInputTokens,
    [property: JsonPropertyName("cache_creation_1h_input_tokens")] long CacheCreation1hInputTokens);
