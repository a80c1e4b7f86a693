using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Runs;
using Hindsight.Stages;
using Spectre.Console.Testing;

namespace Hindsight.Cli.Tests.Output;

/// <summary>The end-of-run summary at a fixed width: a row a stage, the verdict, warnings on standard output, errors on standard error.</summary>
public sealed class RunSummaryRendererTests
{
    private static readonly Guid RunId = Guid.Parse("0b7c3f52-9a41-4d8e-b6f0-2c1d5e7a9b30");

    private static readonly ResolvedSettings Settings = new(
        new SettingValue<string>("/home/ana/.claude/hindsight.duckdb", "default"),
        new SettingValue<string>("/home/ana/.claude/hindsight-manifest.json", "default"),
        new SettingValue<IReadOnlyList<string>>(["/home/ana/.claude/projects"], "default"),
        ["/home/ana/.claude/projects"]);

    private static StageReport Discovery(string decision, string verdict, params string[] recommendations) => new(0, "discovery",
        new StageOutcome(StageStatus.Succeeded, 3, 3, 0, new JsonObject
        {
            ["decision"] = decision,
            ["go_no_go"] = verdict,
            ["recommendations"] = new JsonArray([.. recommendations.Select(r => (JsonNode?)r)]),
            ["transcript_files"] = 3L,
            ["records"] = 12_345L,
            ["files_unchanged"] = 0L,
        }), TimeSpan.FromSeconds(0.42));

    private static readonly StageReport Extraction = new(1, "extraction",
        new StageOutcome(StageStatus.Succeeded, 3, 12_345, 0, new JsonObject
        {
            ["records"] = 12_345L,
            ["dead_letters"] = 2L,
            ["content_blocks"] = 23_456L,
            ["files_appended"] = 3L,
            ["files_replaced"] = 0L,
            ["files_unchanged"] = 0L,
            ["warnings"] = new JsonArray("a link loops back to /home/ana/.claude/projects/-p"),
        })
        { Warnings = ["a link loops back to /home/ana/.claude/projects/-p"] }, TimeSpan.FromSeconds(1.25));

    private static readonly StageReport Cleaning = new(2, "cleaning",
        new StageOutcome(StageStatus.Succeeded, 12_345, 12_001, 0, new JsonObject
        {
            ["summary"] = "344 duplicates marked, 1,020 API calls, 5,678 human prompts",
        }), TimeSpan.FromSeconds(2));

    private static readonly StageReport Correction = new(4, "correction", StageOutcome.Skipped("no provider: set GEMINI_API_KEY or pass --provider"), TimeSpan.Zero);

    private static (string Output, string Error) Render(PipelineResult result)
    {
        var output = RenderedOutput.Console();
        var errorAnsi = new TestConsole();
        var error = new StringWriter();
        new RunSummaryRenderer(new CliConsole { Out = new StringWriter(), Error = error, Ansi = output, ErrorAnsi = errorAnsi }).Render(result, Settings, json: false);
        return (output.Output, error.ToString());
    }

    [Fact]
    public void A_finished_run_has_a_row_a_stage_with_times_counts_and_notes_then_the_verdict_and_warnings()
    {
        var result = new PipelineResult(RunId, StageStatus.Succeeded,
            [Discovery("GO", "GO: 3 transcript files, all readable"), Extraction, Cleaning, Correction], HaltReason: null, Error: null);

        var (output, error) = Render(result);

        RenderedOutput.FitsWithoutAnsi(output);
        RenderedOutput.MatchesExpected(output, "run-summary.txt");
        Assert.Equal("", error);
    }

    [Fact]
    public void A_console_that_is_not_a_terminal_gets_the_summary_without_escape_sequences()
    {
        var result = new PipelineResult(RunId, StageStatus.Succeeded, [Discovery("GO", "GO"), Extraction, Cleaning, Correction], HaltReason: null, Error: null);
        var terminal = new TestConsole().Width(RenderedOutput.Width).EmitAnsiSequences();
        var output = new StringWriter();

        new RunSummaryRenderer(new CliConsole { Out = output, Error = new StringWriter(), Ansi = terminal, ErrorAnsi = new TestConsole() }).Render(result, Settings, json: false);
        new RunSummaryRenderer(CliConsole.Plain(output, new StringWriter())).Render(result, Settings, json: false);

        // The statuses are coloured on a terminal, and the same summary written to a pipe or file carries no escape.
        Assert.Contains('\u001b', terminal.Output);
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.Contains("│ 2 cleaning   │ succeeded │", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_stage_shows_its_error_in_the_notes_and_says_it_on_standard_error()
    {
        var failed = new StageReport(2, "cleaning",
            new StageOutcome(StageStatus.Failed, 12_345, 0, 0, new JsonObject(), "the disk is full: 0 bytes left on /home"), TimeSpan.FromSeconds(0.5));
        var result = new PipelineResult(RunId, StageStatus.Failed, [Discovery("GO", "GO"), Extraction, failed], HaltReason: null, Error: null);

        var (output, error) = Render(result);

        RenderedOutput.FitsWithoutAnsi(output);
        RenderedOutput.MatchesExpected(output, "run-summary-failed.txt");
        Assert.Equal("error: stage 2 (cleaning) failed: the disk is full: 0 bytes left on /home\n", error.ReplaceLineEndings("\n"));
    }
}
