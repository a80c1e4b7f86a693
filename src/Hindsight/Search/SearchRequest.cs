namespace Hindsight.Search;

/// <summary>One search: the query (Lucene's classic syntax: words, "phrases", prefix*), and its filters.</summary>
public sealed record SearchRequest
{
    public required string Query { get; init; }
    /// <summary>Only this project (its folder name under projects/).</summary>
    public string? Project { get; init; }
    /// <summary>Only messages at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Only this message kind (its stored name, e.g. human_prompt).</summary>
    public string? Kind { get; init; }
    public int Limit { get; init; } = 20;
}
