using Spectre.Console.Testing;

namespace Hindsight.Cli.Tests.Output;

/// <summary>
/// What a renderer wrote into a <see cref="TestConsole"/> of a fixed width, compared with an expected file in
/// Output/Expected. HINDSIGHT_UPDATE_EXPECTED=1 rewrites the files from what is rendered, to be read and committed.
/// </summary>
internal static class RenderedOutput
{
    /// <summary>Wide enough for the report's eight columns, narrow enough that long cells must wrap.</summary>
    public const int Width = 100;

    public static TestConsole Console() => new TestConsole().Width(Width);

    public static void MatchesExpected(string rendered, string expectedFile)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Hindsight.Cli.Tests", "Output", "Expected", expectedFile);
        var actual = rendered.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("HINDSIGHT_UPDATE_EXPECTED") == "1") File.WriteAllText(path, actual);
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>Every line fits the console's width and carries no escape sequence (the test console is not a terminal).</summary>
    public static void FitsWithoutAnsi(string rendered)
    {
        Assert.DoesNotContain('\u001b', rendered);
        Assert.All(rendered.ReplaceLineEndings("\n").Split('\n'), line => Assert.True(line.Length <= Width, $"{line.Length} columns: {line}"));
    }
}
