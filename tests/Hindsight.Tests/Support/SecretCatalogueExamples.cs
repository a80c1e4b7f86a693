using System.Text.Json;

namespace Hindsight.Tests.Support;

/// <summary>The catalogue's examples, tests/fixtures/secrets/secret-shapes.json: each rule's positive shapes and the negatives.</summary>
internal static class SecretCatalogueExamples
{
    private static readonly Lazy<Shapes> Fixture = new(Load);

    public static IReadOnlyList<Shape> Positives => Fixture.Value.Positives;

    public static IReadOnlyList<string> Negatives => Fixture.Value.Negatives;

    internal sealed record Shape(string Rule, string Text, string Secret);

    private sealed record Shapes(List<Shape> Positives, List<string> Negatives);

    private static Shapes Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hindsight.slnx"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("no repository root above the tests"), "tests", "fixtures", "secrets", "secret-shapes.json");
        return JsonSerializer.Deserialize<Shapes>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }
}
