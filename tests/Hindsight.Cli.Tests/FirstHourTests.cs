using System.Diagnostics;
using DuckDB.NET.Data;
using Hindsight.Cli;
using Hindsight.Cli.Output;

namespace Hindsight.Cli.Tests;

/// <summary>What a new user meets in the first hour: the hints, the flags, the help, the console.</summary>
public sealed class FirstHourTests
{
    private const string Session = "11111111-1111-4111-8111-111111111111";

    private static void Corpus(TempDirectory dir, string root = "projects") =>
        dir.Write($"{root}/-home-ana-shop/{Session}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi there"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"))));

    [Fact]
    public async Task Sample_ends_with_a_next_command_that_names_its_own_warehouse_never_the_default()
    {
        using var dir = new TempDirectory();
        var outDir = dir.Combine("corpus");

        var result = await HindsightCli.RunAsync("sample", "--out", outDir, "--scale", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var next = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("Next: ", StringComparison.Ordinal));
        Assert.Equal($"Next: hindsight run --source {Path.Combine(outDir, "projects")} --db {Path.Combine(outDir, "hindsight.duckdb")}", next.TrimEnd());
    }

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be at least 1")]
    [InlineData("--batch-size", "-5", "--batch-size must be at least 1")]
    [InlineData("--max-line-bytes", "100", "--max-line-bytes must be at least 65536")]
    [InlineData("--memory-limit", "lots", "--memory-limit must be a size such as 256MB or 2GB")]
    [InlineData("--memory-limit", "1MB", "--memory-limit must be at least 128MB")]
    [InlineData("--memory-limit", "100MB", "--memory-limit must be at least 128MB")]
    public async Task Flags_that_cannot_work_are_usage_errors_of_one_line_and_record_no_run(string flag, string value, string message)
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, flag, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {message}", line, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task A_tiny_memory_limit_through_the_real_binary_prints_one_line_and_no_stack_trace()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");

        var result = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "run", "--source", dir.Combine("projects"), "--db", db, "--memory-limit", "1MB");
        var limit = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "runs", "--db", db, "--limit", "-3");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("error: --memory-limit must be at least 128MB, not '1MB'. (see `hindsight --help`)", result.Error.Trim());
        Assert.False(File.Exists(db));
        Assert.True(limit.ExitCode == 2, limit.ToString());
        Assert.Equal("error: --limit must be at least 1, not -3. (see `hindsight --help`)", limit.Error.Trim());
    }

    [Fact]
    public async Task A_claude_config_folder_given_as_source_is_read_through_its_projects_folder_and_the_run_says_so()
    {
        using var dir = new TempDirectory();
        Corpus(dir, ".claude/projects");
        dir.Write(".claude/settings.json", "{}");
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine(".claude"), "--db", db, "--provider", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"note: {dir.Combine(".claude")} is a Claude config folder: reading its transcripts from {dir.Combine(".claude", "projects")}", result.Error, StringComparison.Ordinal);
        Assert.Equal(["-home-ana-shop"], (await WarehouseProbe.RowsAsync(db, "SELECT DISTINCT project FROM messages")).Select(r => (string)r[0]!));
        var sessions = await HindsightCli.RunAsync("report", "session", "--db", db, "--json");
        Assert.Equal(Session, sessions.Json["session"]![0]!["period"]!.GetValue<string>());
        var config = await HindsightCli.RunAsync("config", "--source", dir.Combine(".claude"), "--json");
        Assert.Equal(dir.Combine(".claude", "projects"), config.Json["sources"]!["value"]![0]!.GetValue<string>());
        Assert.Single(config.Json["notes"]!.AsArray());
    }

    [Fact]
    public async Task Help_names_the_command_hindsight_hides_test_only_options_and_lists_only_the_options_a_command_uses()
    {
        var root = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "--help");
        var run = await HindsightCli.RunAsync("run", "--help");
        var sample = await HindsightCli.RunAsync("sample", "--help");
        var query = await HindsightCli.RunAsync("query", "--help");

        Assert.Contains("hindsight [command] [options]", root.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hindsight.Cli", root.Output, StringComparison.Ordinal);
        Assert.Contains("hindsight run [options]", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--id-hex-length", run.Output, StringComparison.Ordinal);
        Assert.Contains("--force", run.Output, StringComparison.Ordinal);
        foreach (var ignored in new[] { "--db", "--source", "--batch-size", "--manifest", "--max-line-bytes", "--memory-limit" })
            Assert.DoesNotContain(ignored, sample.Output, StringComparison.Ordinal);
        foreach (var ignored in new[] { "--source", "--batch-size", "--manifest", "--max-line-bytes", "--dry-run", "--force" })
            Assert.DoesNotContain(ignored, query.Output, StringComparison.Ordinal);
        Assert.Contains("--db", query.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_prints_nothing_but_errors()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet");
        var sample = await HindsightCli.RunAsync("sample", "--out", dir.Combine("corpus"), "--scale", "2", "--quiet");
        var failing = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet", "--manifest", Directory.CreateDirectory(dir.Combine("a-folder")).FullName);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(("", ""), (run.Output, run.Error));
        Assert.Equal(("", ""), (sample.Output, sample.Error));
        Assert.Equal(1, failing.ExitCode);
        Assert.Equal("", failing.Output);
        Assert.StartsWith("error: ", failing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_run_ends_with_one_line_that_says_what_to_try_next_and_the_no_provider_note_is_short_and_said_once()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal($"Next: hindsight report daily --db {db}   (or: hindsight query --db {db} \"SELECT kind, count(*) FROM messages GROUP BY 1\")", lines[^1]);
        var all = result.Output + result.Error;
        Assert.Equal(1, CountOf(all, "no provider is configured"));
        Assert.Contains("see `hindsight correct --help`", all, StringComparison.Ordinal);
        Assert.DoesNotContain("GEMINI_API_KEY", all, StringComparison.Ordinal);
        var help = await HindsightCli.RunAsync("correct", "--help");
        Assert.Contains("GEMINI_API_KEY", help.Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    [Fact]
    public async Task Json_output_keeps_apostrophes_and_plus_signs_as_they_are()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet")).ExitCode);

        var query = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT 'it''s C++ & <b>' AS s");
        var config = await HindsightCli.RunAsync("config", "--db", dir.Combine("o'brien+co.duckdb"), "--json");

        Assert.Contains("\"s\": \"it's C++ & <b>\"", query.Output, StringComparison.Ordinal);
        Assert.Contains("o'brien+co.duckdb", config.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", query.Output + config.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", query.Output + config.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correct_on_a_warehouse_whose_stage_3_has_not_run_says_so_instead_of_succeeding_with_no_prompts()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        foreach (var stage in new[] { "discover", "extract", "clean" })
            Assert.Equal(0, (await HindsightCli.RunAsync(stage, "--source", dir.Combine("projects"), "--db", db, "--quiet")).ExitCode);

        var result = await HindsightCli.RunAsync("correct", "--db", db, "--provider", "none");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("stage 3 (identity) has not run on this warehouse", result.Error, StringComparison.Ordinal);
        Assert.Contains("hindsight identify", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections"));
        Assert.Equal(0, (await HindsightCli.RunAsync("identify", "--db", db, "--quiet")).ExitCode);
        Assert.Equal(0, (await HindsightCli.RunAsync("correct", "--db", db, "--provider", "none", "--quiet")).ExitCode);
    }

    [Fact]
    public void A_stages_done_line_covers_the_whole_progress_line_it_replaces()
    {
        var error = new StringWriter();
        var console = CliConsole.Plain(new StringWriter(), error);
        var interactive = new CliConsole { Out = console.Out, Error = error, Ansi = console.Ansi, ErrorAnsi = console.ErrorAnsi, Interactive = true };
        var progress = new ConsoleProgress(interactive, quiet: false);

        using (var stage = progress.BeginStage(1, "extraction", 9L * 1024 * 1024 * 1024, "bytes"))
        {
            Thread.Sleep(150); // the line is redrawn at most every 100 ms
            stage.Advance(9L * 1024 * 1024 * 512);
        }

        var text = error.ToString();
        var drawn = text.Split('\r', '\n').Where(s => s.Length > 0).ToList();
        var progressLine = Assert.Single(drawn, s => s.Contains("bytes", StringComparison.Ordinal));
        var done = Assert.Single(drawn, s => s.Contains("done in", StringComparison.Ordinal));
        Assert.True(done.Length >= progressLine.Length, $"the done line ({done.Length}) leaves part of the progress line ({progressLine.Length}) on screen");
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Report_and_query_on_a_warehouse_held_by_an_ingest_wait_five_seconds_then_name_the_holder_and_suggest_wait()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet")).ExitCode);
        await using var holder = new DuckDBConnection($"Data Source={db}");
        await holder.OpenAsync(TestContext.Current.CancellationToken);

        foreach (var args in new[] { new[] { "query", "--db", db, "SELECT 1" }, ["report", "daily", "--db", db] })
        {
            var clock = Stopwatch.StartNew();
            var result = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), args);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4.5), $"gave up after {clock.Elapsed}");
            Assert.Contains($"is in use by another process (PID {Environment.ProcessId})", result.Error, StringComparison.Ordinal);
            Assert.Contains("--wait", result.Error, StringComparison.Ordinal);
        }
    }
}
