namespace Hindsight.Correction.Engine;

/// <summary>One distinct protected text to send, under its cache key.</summary>
internal sealed record PendingItem(string Key, string Text, int PlaceholderCount, int Tokens);
