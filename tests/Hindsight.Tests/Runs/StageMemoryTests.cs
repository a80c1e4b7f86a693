using Hindsight.Runs;

namespace Hindsight.Tests.Runs;

public sealed class StageMemoryTests
{
    private static void Corpus(TempDirectory dir) =>
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"))));

    [Fact]
    public void A_stage_that_raised_the_process_high_water_mark_has_that_mark_as_its_exact_peak()
    {
        Assert.Equal((300L, true), StageMemory.PeakOf(200, 300, 250));
    }

    [Fact]
    public void A_stage_that_stayed_below_an_earlier_peak_has_its_largest_sample_marked_as_sampled()
    {
        Assert.Equal((120L, false), StageMemory.PeakOf(300, 300, 120));
        Assert.Equal((120L, false), StageMemory.PeakOf(null, null, 120));
    }

    [Theory]
    [InlineData("VmHWM:\t  123456 kB", 123456L * 1024)]
    [InlineData("VmHWM: 1 kB", 1024L)]
    public void A_proc_status_line_is_read_as_bytes(string line, long bytes) => Assert.Equal(bytes, ResidentSetPeak.ParseKilobytes(line));

    [Theory]
    [InlineData("VmHWM:")]
    [InlineData("VmHWM: 12 MB")]
    [InlineData("VmHWM: -3 kB")]
    [InlineData("no colon")]
    public void A_proc_status_line_that_is_not_kilobytes_is_no_value(string line) => Assert.Null(ResidentSetPeak.ParseKilobytes(line));

    [Fact]
    public void The_process_high_water_mark_is_read_on_linux_and_is_at_least_the_current_resident_set()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "VmHWM is Linux's");
        var mark = ResidentSetPeak.Read();
        Assert.NotNull(mark);
        Assert.True(mark >= Environment.WorkingSet / 2, $"VmHWM {mark} against a working set of {Environment.WorkingSet}");
    }

    [Fact]
    public async Task Every_stage_records_its_peak_rss_and_duckdb_high_water_mark_and_runs_shows_them()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var runs = await HindsightCli.RunAsync("runs", "--db", db, "--json");

        var stages = Assert.Single(runs.Json["runs"]!.AsArray())!["stages"]!.AsArray();
        Assert.Equal(7, stages.Count);
        Assert.All(stages, stage =>
        {
            // A .NET process with DuckDB loaded is never under 20 MB resident.
            Assert.True(stage!["peak_rss_bytes"]!.GetValue<long>() > 20L << 20, stage.ToJsonString());
            Assert.NotNull(stage["peak_rss_exact"]);
            Assert.True(stage["duckdb_memory_peak_bytes"]!.GetValue<long>() >= 0, stage.ToJsonString());
        });
        // Extraction wrote rows: DuckDB held some of them in its buffer pool.
        Assert.True(stages[1]!["duckdb_memory_peak_bytes"]!.GetValue<long>() > 0, stages[1]!.ToJsonString());
        // The run's own --json carries the same metrics.
        Assert.All(run.Json["stages"]!.AsArray(), stage => Assert.NotNull(stage!["metrics"]![StageMemory.PeakRssMetric]));

        var table = await HindsightCli.RunAsync("runs", "--db", db);
        Assert.Contains("peak RSS", table.Output, StringComparison.Ordinal);
        Assert.Contains("DuckDB peak", table.Output, StringComparison.Ordinal);
        Assert.Matches(@"\d MB", table.Output);
    }

    [Fact]
    public async Task A_stage_whose_inputs_are_unchanged_records_its_memory_too()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");

        var again = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--json");

        var unchanged = again.Json["stages"]!.AsArray().Where(s => s!["metrics"]!["inputs_unchanged"] is not null).ToList();
        Assert.NotEmpty(unchanged);
        Assert.All(unchanged, stage => Assert.True(stage!["metrics"]![StageMemory.PeakRssMetric]!.GetValue<long>() > 0));
    }
}
