namespace Hindsight.Search;

/// <summary>There is no search index beside the warehouse yet: a run (or <c>hindsight search --reindex</c>) builds it.</summary>
public sealed class SearchIndexMissingException(string folder)
    : Exception($"No search index at {folder}: run `hindsight run` (or `hindsight search --reindex`) to build it.")
{
    public string Folder { get; } = folder;
}
