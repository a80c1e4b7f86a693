namespace Hindsight.Correction.Providers;

/// <summary>One successful call: the answer's content and its token usage.</summary>
/// <param name="Content">choices[0].message.content.</param>
/// <param name="InputTokens">usage.prompt_tokens (estimated when the server reports no usage).</param>
/// <param name="OutputTokens">usage.completion_tokens (estimated when the server reports no usage).</param>
/// <param name="Latency">Time from sending to the full answer.</param>
public sealed record ProviderAnswer(string Content, long InputTokens, long OutputTokens, TimeSpan Latency);
