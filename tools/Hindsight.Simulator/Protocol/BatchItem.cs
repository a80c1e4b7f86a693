namespace Hindsight.Simulator;

/// <summary>One id-keyed text of a correction batch, as sent or as answered.</summary>
internal sealed record BatchItem(string Id, string Text);
