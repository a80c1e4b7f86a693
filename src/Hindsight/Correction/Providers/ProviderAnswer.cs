namespace Hindsight.Correction.Providers;

/// <summary>One successful call: the answer's content and its token usage.</summary>
/// <param name="Content">choices[0].message.content.</param>
/// <param name="InputTokens">usage.prompt_tokens (estimated when the server reports none, or an implausible count).</param>
/// <param name="OutputTokens">usage.completion_tokens (estimated when the server reports none, or an implausible count).</param>
/// <param name="Latency">Time from sending to the full answer.</param>
/// <param name="UsageRejectedReason">Why the reported usage was not believed (see <see cref="ReportedUsage"/>); null when it was.</param>
public sealed record ProviderAnswer(string Content, long InputTokens, long OutputTokens, TimeSpan Latency, string? UsageRejectedReason = null);
