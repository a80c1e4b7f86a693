namespace Hindsight.Stages.Clean;

/// <summary>One model's entry in a <c>cost-state</c> snapshot's <c>modelUsage</c>: Claude Code's own cumulative counts.</summary>
public sealed record CostStateModelUsage(
    string Model,
    long InputTokens,
    long OutputTokens,
    long ThinkingTokens,
    long CacheReadTokens,
    long CacheCreationTokens,
    long CacheCreation5mTokens,
    long CacheCreation1hTokens,
    long WebSearchRequests,
    double? CostUsd);
