using Hindsight.Messages;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>The kind of a record, the human-typed text where there is one, and how sure we are it is human.</summary>
public sealed record Classification(MessageKind Kind, string? Text, PromptConfidence? Confidence = null, string? Reason = null, string? Command = null);
