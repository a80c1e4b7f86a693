namespace Hindsight.Search;

/// <summary>What one upkeep of the search index did: rebuilt whole or not, files replaced and removed, documents added, the index's size after.</summary>
public sealed record SearchUpkeepResult(bool Rebuilt, long FilesIndexed, long FilesRemoved, long DocumentsAdded, long IndexBytes);
