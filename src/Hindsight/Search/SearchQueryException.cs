namespace Hindsight.Search;

/// <summary>A query that cannot be understood (unbalanced quotes or brackets, a leading wildcard, an empty query): a usage error, with what is wrong.</summary>
public sealed class SearchQueryException(string message, Exception? inner = null) : Exception(message, inner);
