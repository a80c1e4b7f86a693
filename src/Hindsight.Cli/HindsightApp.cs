using System.CommandLine;
using Hindsight.Cli.Commands;
using Hindsight.Cli.Output;
using Hindsight.Search;
using Hindsight.Stages;
using Hindsight.Stages.Clean;
using Hindsight.Stages.Correct;
using Hindsight.Stages.Discover;
using Hindsight.Stages.Extract;
using Hindsight.Stages.Identify;
using Hindsight.Stages.Stage;

namespace Hindsight.Cli;

/// <summary>Builds the `hindsight` command tree; the process entry point and the tests both go through here.</summary>
public static class HindsightApp
{
    /// <summary>The name help and messages show, whatever the binary is called (Hindsight.Cli.dll, an apphost, a tool shim).</summary>
    public const string CommandName = "hindsight";

    public static IReadOnlyList<IStage> AllStages() => [new DiscoveryStage(), new ExtractionStage(), new CleaningStage(), new IdentityStage(), new CorrectionStage(), new StagingStage(), new SearchIndexStage()];

    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var common = new CommonOptions();
        // A plain command named `hindsight` as the root rather than RootCommand, which takes the executable's file
        // name (Hindsight.Cli) for its help; the help and version options RootCommand would add are added here.
        var root = new Command(CommandName, "Hindsight: Claude Code transcripts into a clean, queryable DuckDB warehouse, with LLM typo correction of what people typed.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };

        var pipeline = new PipelineCommand(common, console, environment);
        var reader = new WarehouseReader(common, console, environment);
        // Only the command asked for is built (with a name that is not a command, such as --help, every one is): each
        // command's options and static state cost start-up time that a short command such as `report daily` notices.
        (string Name, Func<Command> Create)[] commands =
        [
            ("run", () => pipeline.Create("run", "Run every stage in order: 0 discovery, 1 extraction, 2 cleaning, 3 identity, 4 correction, 5 staging, 6 search index.", AllStages, withCorrectionOptions: true, withForce: true)),
            ("discover", () => pipeline.Create("discover", "Stage 0: find and profile every transcript; write the manifest and decide GO / CAUTION / NO-GO.", () => [new DiscoveryStage()], withForce: true)),
            ("extract", () => pipeline.Create("extract", "Stage 1: store every line as a record or a dead letter, incrementally, each record classified as it is read.", () => [new ExtractionStage()])),
            ("clean", () => pipeline.Create("clean", "Stage 2: complete the classification (what depends on a whole file), mark duplicates, build API calls with exact token usage and cost.", () => [new CleaningStage()])),
            ("identify", () => pipeline.Create("identify", "Stage 3: give every session, message and content block a deterministic id; the gate refuses null or colliding ids.", () => [new IdentityStage()])),
            ("correct", () => pipeline.Create("correct", CorrectionOptionSet.CommandDescription, () => [new CorrectionStage(), new StagingStage(), new SearchIndexStage()], withCorrectionOptions: true)),
            ("runs", () => new RunsCommand(common, console, reader).Create()),
            ("query", () => new QueryCommand(common, console, reader).Create()),
            ("check", () => new CheckCommand(common, console, reader).Create()),
            ("sample", () => new SampleCommand(common, console).Create()),
            ("config", () => new ConfigCommand(common, console, environment).Create()),
            ("report", () => new ReportCommand(common, console, reader).Create()),
            ("drift", () => new DriftCommand(common, console, reader).Create()),
            ("forget", () => new ForgetCommand(common, console, environment).Create()),
            ("search", () => new SearchCommand(common, console, environment).Create()),
            ("export", () => new ExportCommand(common, console, environment).Create()),
            ("watch", () => new WatchCommand(common, console, environment).Create()),
            ("publish", () => new PublishCommand(common, console, environment).Create()),
        ];
        bool known = args.Length > 0 && commands.Any(c => c.Name == args[0]);
        foreach (var (name, create) in commands.Where(c => !known || c.Name == args[0]))
        {
            var command = create();
            if (command.Name != name) throw new InvalidOperationException($"the command registered as {name} is named {command.Name}");
            root.Subcommands.Add(command);
        }
        // A command that does not say which shared options it uses gets them all.
        foreach (var command in root.Subcommands.Where(c => !common.All.Any(c.Options.Contains)))
            CommonOptions.AddTo(command, common.All);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per problem, no stack trace, and nothing opened or recorded.
            foreach (var error in parse.Errors) console.Error.WriteLine($"error: {TerminalText.Safe(error.Message)} (see `{CommandName} --help`)");
            return ExitCodes.Usage;
        }
        // No termination handling by System.CommandLine (it exits with 130/143 two seconds after a signal, whatever
        // the command is doing): the process's GracefulCancellation cancels the token, and each command ends cleanly.
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("cancelled");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever escaped a command is reported as one line, never as a stack trace.
            console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
            return ExitCodes.Failure;
        }
    }
}
