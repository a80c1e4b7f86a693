using System.Text.Json;
using Hindsight.Sampling;

namespace Hindsight.Tests.Support;

/// <summary>A small corpus from `hindsight sample`, with the truth file of its typed prompts and their known corrections.</summary>
public sealed class GeneratedCorpus
{
    public required string Directory { get; init; }
    public string Projects => Path.Combine(Directory, "projects");

    /// <summary>Codex rollouts (with <c>agents</c> naming codex), laid out as a CODEX_HOME.</summary>
    public string CodexHome => Path.Combine(Directory, SampleAgents.CodexHome);

    /// <summary>Gemini CLI chats (with <c>agents</c> naming gemini), laid out as a GEMINI_DATA_DIR.</summary>
    public string GeminiDataDir => Path.Combine(Directory, SampleAgents.GeminiDataDir);
    public required IReadOnlyList<JsonElement> Truth { get; init; }

    /// <param name="agents"><c>sample --agents</c>: one Codex and one Gemini CLI session per ten Claude Code files.</param>
    public static async Task<GeneratedCorpus> CreateAsync(TempDirectory dir, int files, int seed = 7, string agents = "claude")
    {
        var outDir = dir.Combine("corpus");
        var result = await HindsightCli.RunAsync("sample", "--out", outDir, "--scale", files.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--agents", agents, "--quiet");
        Assert.True(result.ExitCode == 0, result.ToString());
        var truth = File.ReadLines(Path.Combine(outDir, CorpusSummary.TruthFileName))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return new GeneratedCorpus { Directory = outDir, Truth = truth };
    }
}
