using System.Text.Json.Nodes;

namespace Hindsight.Runs;

/// <summary>
/// Turns a table of counts into a metrics object. Written out rather than through JsonSerializer: the
/// reflection serializer's first use builds every default converter, which costs a warm re-run more
/// time than all of its work.
/// </summary>
public static class MetricCounts
{
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var json = new JsonObject();
        foreach (var (name, count) in counts) json[name] = count;
        return json;
    }
}
