namespace Hindsight.Correction.Protocol;

/// <summary>One protected text in a request, under the id the answer must use.</summary>
public sealed record BatchItem(string Id, string Text);
