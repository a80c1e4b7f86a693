using System.CommandLine;
using Hindsight.Cli.Commands;
using Hindsight.Cli.Output;
using Hindsight.Stages;

namespace Hindsight.Cli;

/// <summary>Builds the `hindsight` command tree; the process entry point and the tests both go through here.</summary>
public static class HindsightApp
{
    public static IReadOnlyList<IStage> AllStages() => [new DiscoveryStage(), new ExtractionStage(), new CleaningStage(), new IdentityStage(), new CorrectionStage()];

    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var common = new CommonOptions();
        var root = new RootCommand("Hindsight: Claude Code transcripts into a clean, queryable DuckDB warehouse, with LLM typo correction of what people typed.");
        foreach (var option in common.All) root.Options.Add(option);

        var pipeline = new PipelineCommand(common, console, environment);
        var reader = new WarehouseReader(common, console, environment);
        root.Subcommands.Add(pipeline.Create("run", "Run every stage in order: 0 discovery, 1 extraction, 2 cleaning, 3 identity, 4 correction and staging.", AllStages, withCorrectionOptions: true));
        root.Subcommands.Add(pipeline.Create("discover", "Stage 0: find and profile every transcript; write the manifest and decide GO / CAUTION / NO-GO.", () => [new DiscoveryStage()]));
        root.Subcommands.Add(pipeline.Create("extract", "Stage 1: store every line as a record or a dead letter, incrementally.", () => [new ExtractionStage()]));
        root.Subcommands.Add(pipeline.Create("clean", "Stage 2: classify records, mark duplicates, build API calls with exact token usage and cost.", () => [new CleaningStage()]));
        root.Subcommands.Add(pipeline.Create("identify", "Stage 3: give every session, message and content block a deterministic id; the gate refuses null or colliding ids.", () => [new IdentityStage()]));
        root.Subcommands.Add(pipeline.Create("correct", "Stage 4: correct typos in human prompts with an LLM (or skip, without a provider) and write the staged table.", () => [new CorrectionStage()], withCorrectionOptions: true));
        root.Subcommands.Add(new RunsCommand(common, console, reader).Create());
        root.Subcommands.Add(new QueryCommand(common, console, reader).Create());
        root.Subcommands.Add(new CheckCommand(common, console, reader).Create());
        root.Subcommands.Add(new SampleCommand(common, console).Create());
        root.Subcommands.Add(new ConfigCommand(common, console, environment).Create());
        root.Subcommands.Add(new ReportCommand(common, console, reader).Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.Error.WriteLine($"error: {TerminalText.Safe(error.Message)}");
            console.Error.WriteLine("See `hindsight --help`.");
            return ExitCodes.Usage;
        }
        // No termination handling by System.CommandLine (left at its default it ended the process with 130/143 instead
        // of the graceful path): the process's GracefulCancellation cancels the token, and each command ends cleanly.
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("cancelled");
            return ExitCodes.Failure;
        }
    }
}
