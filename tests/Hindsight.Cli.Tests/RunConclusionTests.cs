using System.Text.Json.Nodes;
using Hindsight.Cli;
using Hindsight.Runs;
using Hindsight.Stages;

namespace Hindsight.Cli.Tests;

/// <summary>
/// How a finished run concludes (<see cref="RunConclusions"/>) and the one mapping of conclusions to exit codes
/// (<see cref="ExitCodes.Of"/>): a failure wins over a NO-GO, a NO-GO over unreadable files.
/// </summary>
public sealed class RunConclusionTests
{
    private static StageReport Stage(int number, StageOutcome outcome) => new(number, $"stage{number}", outcome, TimeSpan.Zero);

    private static StageOutcome Succeeded(long filesFailed = 0, long? records = null) =>
        new(StageStatus.Succeeded, 0, 0, 0, new JsonObject()) { FilesFailed = filesFailed, RecordsFound = records };

    private static PipelineResult Run(StageStatus status, string? halt, params StageReport[] stages) => new(Guid.Empty, status, stages, halt, null);

    [Fact]
    public void A_run_whose_stages_all_succeeded_and_read_every_file_succeeded() =>
        Assert.Equal(RunConclusion.Succeeded, Run(StageStatus.Succeeded, null, Stage(0, Succeeded()), Stage(1, Succeeded())).Conclusion);

    [Fact]
    public void A_run_with_a_file_that_could_not_be_read_concludes_with_partial_input() =>
        Assert.Equal(RunConclusion.PartialInput, Run(StageStatus.Succeeded, null, Stage(1, Succeeded(filesFailed: 2))).Conclusion);

    [Fact]
    public void A_halted_run_concludes_no_go_even_with_unreadable_files() =>
        Assert.Equal(RunConclusion.NoGo, Run(StageStatus.Halted, "NO-GO", Stage(1, Succeeded(filesFailed: 1))).Conclusion);

    [Theory]
    [InlineData(StageStatus.Failed)]
    [InlineData(StageStatus.Cancelled)]
    public void A_failed_or_cancelled_run_concludes_failed_whatever_else_it_says(StageStatus status) =>
        Assert.Equal(RunConclusion.Failed, Run(status, "NO-GO", Stage(1, Succeeded(filesFailed: 1))).Conclusion);

    [Fact]
    public void Found_nothing_is_a_halt_whose_discovery_found_no_record()
    {
        Assert.True(Run(StageStatus.Halted, "NO-GO", Stage(0, Succeeded(records: 0))).FoundNothing);
        Assert.False(Run(StageStatus.Halted, "NO-GO", Stage(0, Succeeded(records: 3))).FoundNothing);
        Assert.False(Run(StageStatus.Succeeded, null, Stage(0, Succeeded(records: 0))).FoundNothing);
        // Discovery not decided (its pass failed): nothing is known, so nothing is removed.
        Assert.False(Run(StageStatus.Halted, "NO-GO", Stage(0, Succeeded())).FoundNothing);
    }

    [Theory]
    [InlineData(RunConclusion.Succeeded, ExitCodes.Success)]
    [InlineData(RunConclusion.PartialInput, ExitCodes.PartialInput)]
    [InlineData(RunConclusion.NoGo, ExitCodes.NoGo)]
    [InlineData(RunConclusion.Failed, ExitCodes.Failure)]
    [InlineData(RunConclusion.WarehouseRefused, ExitCodes.Usage)]
    [InlineData(RunConclusion.NoDiskSpace, ExitCodes.NoDiskSpace)]
    [InlineData(RunConclusion.WarehouseUnavailable, ExitCodes.Failure)]
    [InlineData(RunConclusion.TrackingFailed, ExitCodes.Failure)]
    public void Each_conclusion_maps_to_its_documented_exit_code(RunConclusion conclusion, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.Of(conclusion));

    [Fact]
    public void Every_conclusion_has_an_exit_code_of_its_own_choosing() =>
        Assert.All(Enum.GetValues<RunConclusion>(), c => Assert.InRange(ExitCodes.Of(c), ExitCodes.Success, ExitCodes.NoDiskSpace));
}
