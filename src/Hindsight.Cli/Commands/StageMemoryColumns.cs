using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Runs;

namespace Hindsight.Cli.Commands;

/// <summary>
/// A stage's memory as `hindsight runs` shows it, read from the metrics the pipeline recorded (runs made before
/// memory was recorded have none: their columns stay empty).
/// </summary>
public sealed record StageMemoryColumns(long? PeakRssBytes, bool? PeakRssExact, long? DuckDbPeakBytes, long? DuckDbSpillPeakBytes)
{
    private static readonly StageMemoryColumns None = new(null, null, null, null);

    public static StageMemoryColumns From(string? metricsJson)
    {
        if (string.IsNullOrEmpty(metricsJson)) return None;
        JsonNode? metrics;
        try
        {
            metrics = JsonNode.Parse(metricsJson);
        }
        catch (JsonException)
        {
            return None;
        }
        if (metrics is not JsonObject json) return None;
        return new StageMemoryColumns(
            Long(json[StageMemory.PeakRssMetric]), json[StageMemory.PeakRssExactMetric] is JsonValue exact && exact.TryGetValue<bool>(out var e) ? e : null,
            Long(json[StageMemory.DuckDbPeakMetric]), Long(json[StageMemory.DuckDbSpillPeakMetric]));
    }

    /// <summary>Megabytes, with "~" when the peak was sampled rather than the process's own high-water mark.</summary>
    public static string PeakRss(JsonNode? bytes, JsonNode? exact)
    {
        var text = Megabytes(bytes);
        return text.Length > 0 && exact is JsonValue value && value.TryGetValue<bool>(out var isExact) && !isExact ? "~" + text : text;
    }

    /// <summary>In units of 2^20 bytes, as `time -v` and bench/run count a peak RSS.</summary>
    public static string Megabytes(JsonNode? bytes) =>
        bytes is JsonValue value && value.TryGetValue<long>(out var b) ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:N0} MB") : "";

    private static long? Long(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var v) ? v : null;
}
