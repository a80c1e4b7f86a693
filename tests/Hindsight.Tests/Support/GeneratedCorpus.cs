using System.Text.Json;
using Hindsight.Sampling;

namespace Hindsight.Tests.Support;

/// <summary>A small corpus from `hindsight sample`, with the truth file of its typed prompts and their known corrections.</summary>
public sealed class GeneratedCorpus
{
    public required string Directory { get; init; }
    public string Projects => Path.Combine(Directory, "projects");
    public required IReadOnlyList<JsonElement> Truth { get; init; }

    public static async Task<GeneratedCorpus> CreateAsync(TempDirectory dir, int files, int seed = 7)
    {
        var outDir = dir.Combine("corpus");
        var result = await HindsightCli.RunAsync("sample", "--out", outDir, "--scale", files.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");
        Assert.True(result.ExitCode == 0, result.ToString());
        var truth = File.ReadLines(Path.Combine(outDir, CorpusSummary.TruthFileName))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return new GeneratedCorpus { Directory = outDir, Truth = truth };
    }
}
