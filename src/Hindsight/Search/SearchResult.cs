namespace Hindsight.Search;

/// <summary>The hits of one search, best first, with how many matched in all and how long the search took in process.</summary>
public sealed record SearchResult(int TotalHits, IReadOnlyList<SearchHit> Hits, TimeSpan Elapsed);
