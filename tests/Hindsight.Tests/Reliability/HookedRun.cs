using System.CommandLine;
using System.Text.Json.Nodes;
using Hindsight.Cli;
using Hindsight.Cli.Commands;
using Hindsight.Runs;
using Hindsight.Stages;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// `hindsight run` through the command's own code (PipelineCommand: settings, warehouse, tracking, summary,
/// exit code), with one test step placed between discovery and extraction, to change the files in the
/// window between the moment discovery lists them and the moment extraction reads them.
/// </summary>
public static class HookedRun
{
    /// <param name="args">The command line, starting with "run".</param>
    public static async Task<CliResult> RunAsync(Func<CancellationToken, Task> betweenDiscoveryAndExtraction, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = CliConsole.Plain(output, error);
        string? Environment(string name) => name == "HOME" ? "/nonexistent-home" : null;

        var common = new CommonOptions();
        var root = new RootCommand("hooked");
        foreach (var option in common.All) root.Options.Add(option);
        var stages = HindsightApp.AllStages().ToList();
        stages.Insert(1, new HookStage(betweenDiscoveryAndExtraction));
        root.Subcommands.Add(new PipelineCommand(common, console, Environment).Create("run", "run with a test step after discovery", () => stages, withCorrectionOptions: true));

        Assert.Equal("run", args[0]);
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        int code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Recorded in run tracking as stage 90, "test-hook"; it only runs the test's step.</summary>
    private sealed class HookStage(Func<CancellationToken, Task> step) : IStage
    {
        public int Number => 90;
        public string Name => "test-hook";

        public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
        {
            await step(cancellationToken);
            return new StageOutcome(StageStatus.Succeeded, 0, 0, 0, new JsonObject { ["summary"] = "test step between discovery and extraction" });
        }
    }
}
