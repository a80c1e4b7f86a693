namespace Hindsight.Simulator;

/// <summary>The assistant content to return, and whether the intended content fault could be applied.</summary>
internal sealed record FaultedContent(string Content, string FinishReason, bool Applied);
