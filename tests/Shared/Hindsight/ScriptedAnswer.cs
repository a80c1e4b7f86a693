namespace Hindsight.Testing;

/// <summary>What a <see cref="ScriptedProviderServer"/> sends back: an HTTP status, and the chat message content (200) or the raw body.</summary>
public sealed record ScriptedAnswer(int Status, string Content);
