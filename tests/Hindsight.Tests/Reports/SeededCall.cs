namespace Hindsight.Tests.Reports;

/// <summary>
/// One hand-made row of api_calls. <see cref="Cost"/> null means unpriced. The timestamp is ISO-8601 with its offset,
/// e.g. 2025-06-01T23:30:00Z.
/// </summary>
internal sealed record SeededCall(string Timestamp, string? Model, long Input, long Output, long CacheCreation = 0, long CacheRead = 0)
{
    public double? Cost { get; init; } = 0.001;
    public string Project { get; init; } = "-home-ana-shop";
    public string Session { get; init; } = "11111111-1111-4111-8111-111111111111";
    public string? Speed { get; init; }
    public string File { get; init; } = "-home-ana-shop/11111111-1111-4111-8111-111111111111.jsonl";
}
