namespace Hindsight.Simulator;

/// <summary>What the simulator needs from a chat-completions request body.</summary>
/// <param name="Model">The requested model, echoed in the answer.</param>
/// <param name="PromptTokens">ceil(UTF-8 bytes of all message contents / 4).</param>
/// <param name="Items">The batch found in the last user message.</param>
internal sealed record ChatRequest(string Model, long PromptTokens, IReadOnlyList<BatchItem> Items);
