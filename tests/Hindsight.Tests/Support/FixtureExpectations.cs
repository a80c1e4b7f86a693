using System.Text.Json.Nodes;

namespace Hindsight.Tests.Support;

/// <summary>tests/fixtures/expected.json: what the team's fixtures contain, computed from their bytes.</summary>
public static class FixtureExpectations
{
    private static readonly Lazy<JsonNode> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "expected.json")))!);

    public static JsonNode Root => Document.Value;

    public static JsonObject Totals => Root["totals"]!.AsObject();

    public static IEnumerable<JsonObject> Files => Root["files"]!.AsArray().Select(f => f!.AsObject());

    public static Dictionary<string, long> Counts(JsonNode? node) =>
        node?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()) ?? [];
}
