using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Hindsight.Cli.Output;
using Hindsight.Sampling;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight sample`: a realistic, deterministic corpus laid out like a Claude config folder.</summary>
public sealed partial class SampleCommand(CommonOptions common, CliConsole console)
{
    /// <summary>The summary as --json prints it: the shared output options, over source-generated metadata (no reflection; Native AOT).</summary>
    private static readonly JsonTypeInfo<CorpusSummary> SummaryJson =
        (JsonTypeInfo<CorpusSummary>)new JsonSerializerOptions(JsonOutput.Indented) { TypeInfoResolver = SummaryJsonContext.Default }.GetTypeInfo(typeof(CorpusSummary));

    [JsonSerializable(typeof(CorpusSummary))]
    private sealed partial class SummaryJsonContext : JsonSerializerContext;

    public Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Folder to create the corpus in (its transcripts go under DIR/projects).", Required = true, HelpName = "DIR" };
        var scale = new Option<string>("--scale")
        {
            Description = "seed (about 1,044 files, 80k lines: the seed report's corpus), heavy (about 3,550 files, 200k lines, 2.2 GB with one 500 MB file), or a number of files.",
            DefaultValueFactory = _ => "seed",
        };
        var seed = new Option<int>("--seed") { Description = "Same seed, same bytes.", DefaultValueFactory = _ => 1 };
        var agentsOption = new Option<string>("--agents")
        {
            Description = "Agents to write sessions of: claude (always; under DIR/projects), codex (under DIR/.codex/sessions) and gemini (under DIR/.gemini/tmp), comma-separated; one Codex and one Gemini session per ten Claude Code files.",
            DefaultValueFactory = _ => "claude",
            HelpName = "LIST",
        };
        var command = new Command("sample", "Generate realistic synthetic transcripts (with known typo corrections and fake secrets) to try Hindsight on.") { outOption, scale, seed, agentsOption };
        CommonOptions.AddTo(command, [common.Json, common.Quiet]);
        command.SetAction(async (result, cancellationToken) =>
        {
            CorpusSpec spec;
            SampleAgents agents;
            try
            {
                spec = CorpusSpec.Parse(result.GetValue(scale)!, result.GetValue(seed));
                agents = SampleAgents.Parse(result.GetValue(agentsOption)!);
            }
            catch (ArgumentException ex)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Usage;
            }
            var outDir = Path.GetFullPath(result.GetValue(outOption)!);
            bool quiet = result.GetValue(common.Quiet) || result.GetValue(common.Json);
            var progress = new Progress<CorpusProgress>(p =>
            {
                if (!quiet && console.Interactive) console.Error.Write($"\rsample: {p.FilesDone:N0}/{p.FilesTotal:N0} files, {p.BytesWritten / (1024.0 * 1024):F0} MB   ");
            });
            try
            {
                var summary = await CorpusGenerator.GenerateAsync(spec, agents, outDir, progress, cancellationToken);
                if (!quiet && console.Interactive) console.Error.WriteLine();
                if (result.GetValue(common.Json))
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(summary, SummaryJson));
                }
                else if (!quiet)
                {
                    console.Out.WriteLine($"Wrote {summary.Files:N0} files, {summary.Lines:N0} lines, {summary.Bytes / (1024.0 * 1024):F1} MB to {outDir}/projects");
                    console.Out.WriteLine($"Summary: {Path.Combine(outDir, CorpusSummary.FileName)}; typed prompts with their expected corrections: {Path.Combine(outDir, CorpusSummary.TruthFileName)}");
                    // Its own warehouse beside the corpus: synthetic usage must never mix into the user's real one.
                    foreach (var (agent, counts) in summary.OtherAgents ?? new Dictionary<string, AgentSessionCounts>())
                        console.Out.WriteLine($"Also {counts.Sessions:N0} {agent} sessions ({counts.Prompts:N0} prompts, {counts.Calls:N0} calls)");
                    console.Out.WriteLine($"Next: hindsight run {SourceArguments(outDir, agents)} --db {PipelineCommand.ShellQuote(SampleDatabase(outDir))}");
                }
                return ExitCodes.Success;
            }
            catch (IOException ex)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>The <c>--source</c> arguments that read every agent's part of the corpus (Claude Code's folder alone by default).</summary>
    public static string SourceArguments(string outDir, SampleAgents agents)
    {
        var sources = new List<string> { "--source " + PipelineCommand.ShellQuote(Path.Combine(outDir, "projects")) };
        if (agents.Codex) sources.Add("--source " + PipelineCommand.ShellQuote("codex=" + Path.Combine(outDir, SampleAgents.CodexHome)));
        if (agents.Gemini) sources.Add("--source " + PipelineCommand.ShellQuote("gemini_cli=" + Path.Combine(outDir, SampleAgents.GeminiDataDir)));
        return string.Join(" ", sources);
    }

    /// <summary>The warehouse the closing hint names: inside the corpus folder, never the default one.</summary>
    public static string SampleDatabase(string outDir) => Path.Combine(outDir, "hindsight.duckdb");
}
