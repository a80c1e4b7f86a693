using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.BigQueryStandIn;
using Hindsight.Destinations;
using Hindsight.Simulator;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// `hindsight publish bigquery` against the BigQuery stand-in (tools/Hindsight.BigQueryStandIn, not BigQuery): what the
/// stand-in holds after a publish equals the warehouse per day partition, an unchanged warehouse makes no job, an
/// append reloads only the days it touched, faults end as the issue decides, and no secret leaks.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PublishBigQueryCommandTests
{
    private const string Project = "standin-project";
    private const string Dataset = "hindsight";
    private const string MondaySession = "33333333-3333-4333-8333-333333333333";
    private const string WednesdaySession = "44444444-4444-4444-8444-444444444444";

    /// <summary>A warehouse of two sessions on two UTC days, and a stand-in to publish into.</summary>
    private sealed class Arranged : IAsyncDisposable
    {
        public required TempDirectory Dir { get; init; }
        public required StandInServer Server { get; init; }
        public required string Db { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Dir.Dispose();
        }
    }

    private static string Session(string session, string word, string day, string suffix = "") => TranscriptLines.Jsonl(
            TranscriptLines.User($"{word}{suffix}-u1", $"plese fix the {word} test", session),
            TranscriptLines.Assistant($"{word}{suffix}-a1", $"msg_{word}{suffix}", $"req_{word}{suffix}", TranscriptLines.Text($"fixed {word}"), session: session),
            TranscriptLines.User($"{word}{suffix}-u2", $"now the {word} docs", session, parent: $"{word}{suffix}-a1"))
        .Replace("2026-02-03", day, StringComparison.Ordinal);

    private static async Task<Arranged> ArrangeAsync(params Fault[] faults)
    {
        var dir = new TempDirectory();
        dir.Write($"projects/-home-ana-shop/{MondaySession}.jsonl", Session(MondaySession, "shop", "2026-02-02") + "{not json\n");
        dir.Write($"projects/-home-ana-docs/{WednesdaySession}.jsonl", Session(WednesdaySession, "docs", "2026-02-04"));
        var db = dir.Combine("h.duckdb");
        await IngestAsync(dir, db);
        var server = await StandInServer.StartAsync(new StandInOptions { StateDirectory = dir.Combine("standin"), ProjectId = Project, Faults = faults });
        return new Arranged { Dir = dir, Server = server, Db = db };
    }

    private static async Task IngestAsync(TempDirectory dir, string db)
    {
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private static Task<CliResult> PublishAsync(Arranged arranged, params string[] more) => HindsightCli.RunAsync(
        ["publish", "bigquery", "--db", arranged.Db, "--project", Project, "--dataset", Dataset, "--credentials", arranged.Server.ServiceAccountPath,
         "--endpoint", arranged.Server.BaseUrl.ToString(), "--machine-id", "laptop-1", "--json", .. more]);

    private static IEnumerable<string> Loaded(CliResult publish, string table) => publish.Json["partitions"]!.AsArray()
        .Where(p => p!["table"]!.GetValue<string>() == table && p["state"]!.GetValue<string>() == "done").Select(p => p!["partition"]!.GetValue<string>());

    /// <summary>
    /// Per day partition ('' for a whole table): rows, and a hash over the key columns of every row (its text,
    /// integer, boolean and UUID columns, as text: what Parquet carries unchanged), in the warehouse and in the stand-in.
    /// </summary>
    private static async Task AssertPublishedEqualsWarehouseAsync(Arranged arranged, IEnumerable<DestinationTable> tables, string suffix = "")
    {
        foreach (var table in tables)
        {
            var keys = (await WarehouseProbe.RowsAsync(arranged.Db, $"DESCRIBE SELECT * FROM {table.Name}"))
                .Where(r => r[1] is "VARCHAR" or "BIGINT" or "INTEGER" or "UUID" or "BOOLEAN")
                .Select(r => $"CAST(\"{r[0]}\" AS VARCHAR)").ToList();
            var hash = $"count(*)::VARCHAR || ':' || coalesce(sum(md5_number_lower(concat_ws('|', {string.Join(", ", keys)}))), 0)::VARCHAR";
            var source = table.Where is null ? table.Name : $"(SELECT * FROM {table.Name} WHERE {table.Where})";
            var day = table.EventDay is null ? "''" : $"coalesce(strftime({table.EventDay}, '%Y-%m-%d'), '')";
            var warehouse = (await WarehouseProbe.RowsAsync(arranged.Db, $"SELECT {day} AS d, {hash} AS h FROM {source} t GROUP BY 1 ORDER BY 1"))
                .Select(r => $"{r[0]} {r[1]}").ToList();
            var publishedDay = table.EventDay is null ? "''" : "coalesce(strftime(event_day, '%Y-%m-%d'), '')";
            var published = (await arranged.Server.QueryAsync($"SELECT {publishedDay} AS d, {hash} AS h FROM `{Dataset}.{table.Name}{suffix}` t GROUP BY 1 ORDER BY 1",
                    TestContext.Current.CancellationToken))
                .Select(r => $"{r[0]} {r[1]}").ToList();
            if (table.EventDay is not null && warehouse.Count == 0) continue;
            Assert.True(warehouse.SequenceEqual(published), $"{table.Name}: warehouse [{string.Join(", ", warehouse)}] but published [{string.Join(", ", published)}]");
        }
    }

    private const long PublishTargetBudget = Hindsight.Destinations.BigQuery.PublishTarget.DefaultBudget;

    private static IEnumerable<DestinationTable> Published => DestinationTables.All.Where(t => !t.Raw);

    [Fact]
    public async Task Published_tables_equal_the_warehouse_per_day_and_a_second_publish_makes_no_job()
    {
        await using var arranged = await ArrangeAsync();

        var first = await PublishAsync(arranged);
        int jobsAfterFirst = arranged.Server.Jobs.LoadJobsInserted;
        var second = await PublishAsync(arranged);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(["2026-02-02", "2026-02-04"], Loaded(first, "messages").Order());
        Assert.Equal([""], Loaded(first, "files"));
        await AssertPublishedEqualsWarehouseAsync(arranged, Published);
        var messages = arranged.Server.Table(Project, Dataset, "messages");
        Assert.Equal("event_day", messages["timePartitioning"]!["field"]!.GetValue<string>());
        Assert.Equal("DAY", messages["timePartitioning"]!["type"]!.GetValue<string>());
        Assert.Contains("session_id", messages["clustering"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(0, second.Json["jobs"]!.GetValue<int>());
        Assert.Equal(jobsAfterFirst, arranged.Server.Jobs.LoadJobsInserted);
        // Each publish is a run of its own, shown by `hindsight runs`; the ledger holds one done row per job of the first.
        var runs = await HindsightCli.RunAsync("runs", "--db", arranged.Db);
        Assert.Equal(2, runs.Output.Split(DestinationTables.PublishRunCommand).Length - 1);
        Assert.Equal((long)jobsAfterFirst, await WarehouseProbe.ScalarAsync<long>(arranged.Db, "SELECT count(*) FROM publish_loads WHERE state = 'done'"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, "SELECT count(*) FROM publish_loads WHERE output_rows IS DISTINCT FROM row_count"));
    }

    [Fact]
    public async Task An_append_to_one_session_reloads_only_the_days_it_touched()
    {
        await using var arranged = await ArrangeAsync();
        Assert.Equal(0, (await PublishAsync(arranged)).ExitCode);
        File.AppendAllText(arranged.Dir.Combine($"projects/-home-ana-docs/{WednesdaySession}.jsonl"), TranscriptLines.Jsonl(
            TranscriptLines.User("docs-u3", "and the changelog", WednesdaySession, parent: "docs-u2").Replace("2026-02-03", "2026-02-04", StringComparison.Ordinal)));
        await IngestAsync(arranged.Dir, arranged.Db);

        var again = await PublishAsync(arranged);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(["2026-02-04"], Loaded(again, "messages"));
        Assert.DoesNotContain(again.Json["partitions"]!.AsArray(), p => p!["partition"]!.GetValue<string>() == "2026-02-02");
        await AssertPublishedEqualsWarehouseAsync(arranged, Published);
    }

    [Fact]
    public async Task A_transient_failure_is_loaded_again_as_a_new_job_and_the_publish_succeeds()
    {
        await using var arranged = await ArrangeAsync(new Fault("backendError", 1, "messages"));

        var publish = await PublishAsync(arranged, "--table", "messages");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        await AssertPublishedEqualsWarehouseAsync(arranged, DestinationTables.All.Where(t => t.Name == "messages"));
        var retried = await WarehouseProbe.RowsAsync(arranged.Db, "SELECT job_id, state, error_reason FROM publish_loads WHERE state = 'failed'");
        var failed = Assert.Single(retried);
        Assert.Equal("backendError", failed[2]);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, $"SELECT count(*) FROM publish_loads WHERE state = 'done' AND job_id = '{failed[0]}_r1'"));
    }

    [Fact]
    public async Task A_terminal_failure_exits_1_with_BigQuerys_message_and_the_ledger_names_the_partition()
    {
        await using var arranged = await ArrangeAsync(new Fault("invalid", 1, "messages"));

        var publish = await PublishAsync(arranged, "--table", "messages");

        Assert.Equal(1, publish.ExitCode);
        Assert.Contains("BigQuery answered invalid", publish.Error, StringComparison.Ordinal);
        var row = Assert.Single(await WarehouseProbe.RowsAsync(arranged.Db, "SELECT table_name, partition_key, error_reason, error_message FROM publish_loads WHERE state = 'failed'"));
        Assert.Equal("messages", row[0]);
        Assert.Equal("2026-02-02", row[1]);
        Assert.Equal("invalid", row[2]);
        Assert.Contains(row[3]!.ToString()!, publish.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quota_failure_defers_the_rest_with_exit_4_and_says_when_to_publish_again()
    {
        await using var arranged = await ArrangeAsync(new Fault("quotaExceeded", 1, "messages"));

        var publish = await PublishAsync(arranged, "--table", "messages");
        var next = await PublishAsync(arranged, "--table", "messages");

        Assert.Equal(4, publish.ExitCode);
        Assert.Contains("quotaExceeded", publish.Error, StringComparison.Ordinal);
        Assert.Contains("publish again after", publish.Error, StringComparison.Ordinal);
        Assert.Equal(2, publish.Json["deferred"]!.GetValue<int>());
        Assert.True(next.ExitCode == 0, next.ToString());
        await AssertPublishedEqualsWarehouseAsync(arranged, DestinationTables.All.Where(t => t.Name == "messages"));
    }

    [Fact]
    public async Task The_job_budget_per_table_refuses_what_is_beyond_it_with_a_clear_message()
    {
        await using var arranged = await ArrangeAsync();

        var publish = await PublishAsync(arranged, "--table", "messages", "--budget", "1");

        Assert.Equal(4, publish.ExitCode);
        Assert.Single(Loaded(publish, "messages"));
        Assert.Contains("the budget of 1 load jobs per table per 24 hours is used up for messages", publish.Error, StringComparison.Ordinal);
        Assert.Equal(1, arranged.Server.Jobs.LoadJobsInserted);
    }

    [Fact]
    public async Task No_token_or_key_appears_in_any_output_ledger_row_or_the_stand_ins_request_log()
    {
        await using var arranged = await ArrangeAsync(new Fault("invalid", 1, "files"));
        var key = JsonNode.Parse(File.ReadAllText(arranged.Server.ServiceAccountPath))!;
        var environment = new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = arranged.Server.ServiceAccountPath };

        // Application Default Credentials: the key file named by GOOGLE_APPLICATION_CREDENTIALS.
        var failed = await HindsightCli.RunWithEnvironmentAsync(environment, "publish", "bigquery", "--db", arranged.Db, "--project", Project, "--dataset", Dataset,
            "--endpoint", arranged.Server.BaseUrl.ToString());
        var ok = await HindsightCli.RunWithEnvironmentAsync(environment, "publish", "bigquery", "--db", arranged.Db, "--project", Project, "--dataset", Dataset,
            "--endpoint", arranged.Server.BaseUrl.ToString(), "--json");

        Assert.Equal(1, failed.ExitCode);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var tokens = arranged.Server.Account.IssuedTokens;
        Assert.NotEmpty(tokens);
        var ledger = string.Join("\n", (await WarehouseProbe.RowsAsync(arranged.Db, "SELECT * FROM publish_loads")).Select(r => string.Join("|", r)));
        var runs = string.Join("\n", (await WarehouseProbe.RowsAsync(arranged.Db, "SELECT * FROM runs")).Select(r => string.Join("|", r)));
        var log = File.ReadAllText(arranged.Server.RequestLogPath);
        string[] secrets = [.. tokens, key["private_key_id"]!.GetValue<string>(), "PRIVATE KEY",
            key["private_key"]!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]];
        foreach (var (name, text) in new[] { ("output", failed.ToString() + ok), ("ledger", ledger), ("runs", runs), ("request log", log) })
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret in the {name}");
        Assert.Contains("/upload/bigquery/v2/", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_lists_the_partitions_and_job_ids_it_would_load_and_sends_nothing()
    {
        await using var arranged = await ArrangeAsync();

        var dry = await PublishAsync(arranged, "--table", "messages", "--dry-run");
        int jobsAfterDryRun = arranged.Server.Jobs.LoadJobsInserted;
        long runsAfterDryRun = await WarehouseProbe.ScalarAsync<long>(arranged.Db, $"SELECT count(*) FROM runs WHERE command = '{DestinationTables.PublishRunCommand}'");
        var real = await PublishAsync(arranged, "--table", "messages");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(0, jobsAfterDryRun);
        Assert.Equal(0L, runsAfterDryRun);
        var planned = dry.Json["partitions"]!.AsArray().Select(p => (p!["partition"]!.GetValue<string>(), p["state"]!.GetValue<string>(), p["job_id"]!.GetValue<string>())).ToList();
        Assert.Equal([("2026-02-02", "planned"), ("2026-02-04", "planned")], planned.Select(p => (p.Item1, p.Item2)).Order());
        Assert.Equal(PublishTargetBudget - 2, dry.Json["jobs_left"]!["messages"]!.GetValue<long>());
        // The jobs the dry run named are the jobs the real publish made.
        Assert.Equal(planned.Select(p => p.Item3).Order(), real.Json["partitions"]!.AsArray().Select(p => p!["job_id"]!.GetValue<string>()).Order());
    }

    /// <summary>
    /// A publish of messages started as its own process and killed (SIGKILL) once <paramref name="reached"/> holds: the
    /// moment a stand-in fault made the test wait for.
    /// </summary>
    private static async Task KillPublishWhenAsync(Arranged arranged, Func<bool> reached, string what)
    {
        using var killed = HindsightProcess.Start(new Dictionary<string, string?>(), "publish", "bigquery", "--db", arranged.Db, "--project", Project,
            "--dataset", Dataset, "--credentials", arranged.Server.ServiceAccountPath, "--endpoint", arranged.Server.BaseUrl.ToString(),
            "--machine-id", "laptop-1", "--table", "messages");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!reached() && DateTime.UtcNow < deadline && !killed.HasExited)
            await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.True(reached(), $"the publish never reached the point to kill it at: {what}");
        killed.Kill();
        await killed.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>After the next publish of messages: exit 0, one load job per partition in the stand-in and one done row per job in the ledger, rows once.</summary>
    private static async Task AssertLoadedOnceAsync(Arranged arranged, CliResult next)
    {
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(2, arranged.Server.Jobs.LoadJobsInserted);
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, "SELECT count(*) FROM publish_loads WHERE state = 'done'"));
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, "SELECT count(DISTINCT job_id) FROM publish_loads WHERE state = 'done'"));
        await AssertPublishedEqualsWarehouseAsync(arranged, DestinationTables.All.Where(t => t.Name == "messages"));
    }

    [Fact]
    public async Task A_publish_killed_while_its_job_runs_is_completed_by_the_next_which_fetches_the_job_instead_of_loading_twice()
    {
        // The messages job of the first day stays RUNNING for 4 more polls (1.5 s of backoff): the process is killed while it polls.
        await using var arranged = await ArrangeAsync(new Fault(Fault.Slow, 1, "messages", Polls: 4));
        await KillPublishWhenAsync(arranged, () => arranged.Server.Jobs.LoadJobsInserted == 1, "its first job inserted");

        var next = await PublishAsync(arranged, "--table", "messages");

        await AssertLoadedOnceAsync(arranged, next);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, "SELECT count(*) FROM publish_loads WHERE state = 'interrupted'"));
    }

    [Fact]
    public async Task A_publish_killed_in_the_middle_of_an_upload_is_completed_by_the_next_and_each_partition_is_loaded_once()
    {
        // The first chunk is half read, then the stand-in holds the connection: the process is killed mid-upload.
        await using var arranged = await ArrangeAsync(new Fault(Fault.StallUpload));
        await KillPublishWhenAsync(arranged, () => arranged.Server.Faults.Stalled == 1, "an upload half sent");
        Assert.Equal(0, arranged.Server.Jobs.LoadJobsInserted);
        var left = Assert.Single(await WarehouseProbe.RowsAsync(arranged.Db, "SELECT job_id, state FROM publish_loads"));
        Assert.Equal("running", left[1]);

        var next = await PublishAsync(arranged, "--table", "messages");

        await AssertLoadedOnceAsync(arranged, next);
        // The interrupted upload's job id is asked for again: no job of that id existed, so the new upload made it.
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, $"SELECT count(*) FROM publish_loads WHERE state = 'done' AND job_id = '{left[0]}'"));
    }

    [Fact]
    public async Task A_publish_killed_after_its_job_ended_but_before_the_ledger_said_so_is_completed_by_the_next_without_a_second_load()
    {
        // The first job loads; the jobs.get answer that says DONE is held back, and the process is killed waiting for it.
        await using var arranged = await ArrangeAsync(new Fault(Fault.StallDone, 1, "messages"));
        await KillPublishWhenAsync(arranged, () => arranged.Server.Faults.Stalled == 1, "a job done but not yet heard of");
        var job = Assert.Single(arranged.Server.Jobs.Snapshot());
        Assert.Equal("DONE", job["status"]!["state"]!.GetValue<string>());
        var left = Assert.Single(await WarehouseProbe.RowsAsync(arranged.Db, "SELECT job_id, state FROM publish_loads"));
        Assert.Equal("running", left[1]);
        Assert.Equal(job["jobReference"]!["jobId"]!.GetValue<string>(), left[0]);

        var next = await PublishAsync(arranged, "--table", "messages");

        await AssertLoadedOnceAsync(arranged, next);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(arranged.Db, $"SELECT count(*) FROM publish_loads WHERE state = 'done' AND job_id = '{left[0]}'"));
    }

    [Fact]
    public async Task A_day_whose_rows_are_all_forgotten_is_emptied_in_BigQuery_too()
    {
        await using var arranged = await ArrangeAsync();
        const string fridaySession = "55555555-5555-4555-8555-555555555555";
        arranged.Dir.Write($"other/-home-ana-blog/{fridaySession}.jsonl", Session(fridaySession, "blog", "2026-02-06"));
        var other = await HindsightCli.RunAsync("run", "--source", arranged.Dir.Combine("other"), "--db", arranged.Db, "--provider", "none", "--quiet");
        Assert.True(other.ExitCode == 0, other.ToString());
        var first = await PublishAsync(arranged);
        var forget = await HindsightCli.RunAsync("forget", arranged.Dir.Combine("other"), "--yes", "--db", arranged.Db);
        Assert.True(forget.ExitCode == 0, forget.ToString());

        var again = await PublishAsync(arranged);
        var third = await PublishAsync(arranged, "--table", "messages");

        Assert.Contains("2026-02-06", Loaded(first, "messages"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(["2026-02-06"], Loaded(again, "messages"));
        await AssertPublishedEqualsWarehouseAsync(arranged, Published);
        Assert.Equal("0", (await arranged.Server.QueryAsync($"SELECT count(*) FROM `{Dataset}.messages` WHERE event_day = DATE '2026-02-06'",
            TestContext.Current.CancellationToken))[0][0]);
        Assert.Equal(0, third.Json["jobs"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rows_without_an_event_day_are_loaded_into_BigQuerys_NULL_partition_which_is_replaced_like_a_day()
    {
        await using var arranged = await ArrangeAsync();
        const string undatedSession = "66666666-6666-4666-8666-666666666666";
        var notes = $"projects/-home-ana-notes/{undatedSession}.jsonl";
        arranged.Dir.Write(notes, Undated(Session(undatedSession, "notes", "2026-02-05")));
        await IngestAsync(arranged.Dir, arranged.Db);
        long undated = await WarehouseProbe.ScalarAsync<long>(arranged.Db, "SELECT count(*) FROM messages WHERE timestamp_utc IS NULL");
        Assert.True(undated > 0, "the arranged lines without a timestamp made no message without an event day");

        var first = await PublishAsync(arranged);
        var nullPartitionAfterFirst = (await arranged.Server.QueryAsync(
            $"SELECT count(*) FROM `{Dataset}.messages` WHERE event_day IS NULL", TestContext.Current.CancellationToken))[0][0];
        File.AppendAllText(arranged.Dir.Combine(notes), Undated(TranscriptLines.Jsonl(
            TranscriptLines.User("notes-u3", "and the index", undatedSession, parent: "notes-u2"))));
        await IngestAsync(arranged.Dir, arranged.Db);
        var again = await PublishAsync(arranged);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains(ParquetNullDay, Loaded(first, "messages"));
        Assert.Equal(undated.ToString(CultureInfo.InvariantCulture), nullPartitionAfterFirst);
        // A changed NULL partition is replaced (`messages$__NULL__`, WRITE_TRUNCATE), not appended to: the rows equal the warehouse's.
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal([ParquetNullDay], Loaded(again, "messages"));
        await AssertPublishedEqualsWarehouseAsync(arranged, Published);
        Assert.Contains(arranged.Server.Jobs.Snapshot(), j => j["configuration"]!["load"]!["destinationTable"]!["tableId"]!.GetValue<string>() == "messages$__NULL__");
    }

    private const string ParquetNullDay = "__NULL__";

    /// <summary>Transcript lines with the user lines' timestamps taken out (the assistant's stay).</summary>
    private static string Undated(string lines) => System.Text.RegularExpressions.Regex.Replace(lines, @",""timestamp"":""[^""]*T10:00:00\.000Z""", "");

    [Fact]
    public async Task A_publish_after_a_correction_run_reloads_exactly_the_days_whose_staged_rows_changed_with_the_corrected_text()
    {
        await using var arranged = await ArrangeAsync();
        const string typoSession = "77777777-7777-4777-8777-777777777777";
        arranged.Dir.Write($"projects/-home-ana-blog/{typoSession}.jsonl", Session(typoSession, "blog", "2026-02-06").Replace("plese fix the", "fix teh", StringComparison.Ordinal));
        await IngestAsync(arranged.Dir, arranged.Db);
        Assert.Equal(0, (await PublishAsync(arranged)).ExitCode);
        const string stagedPerDay = """
            SELECT strftime(CAST(timezone('UTC', timestamp_utc) AS DATE), '%Y-%m-%d') AS d, count(*) || ':' || sum(md5_number_lower(concat_ws('|', entity_id, text, metadata)))
            FROM claude_code_stage_4 GROUP BY 1 ORDER BY 1
            """;
        var before = (await WarehouseProbe.RowsAsync(arranged.Db, stagedPerDay)).ToDictionary(r => (string)r[0]!, r => r[1]);

        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sim-publish-key-4b2e" }, TestContext.Current.CancellationToken);
        var correct = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["GEMINI_API_KEY"] = "sim-publish-key-4b2e" },
            "correct", "--db", arranged.Db, "--quiet", "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString());
        Assert.True(correct.ExitCode == 0, correct.ToString());
        var after = (await WarehouseProbe.RowsAsync(arranged.Db, stagedPerDay)).ToDictionary(r => (string)r[0]!, r => r[1]);
        var changedDays = after.Where(d => !Equals(before.GetValueOrDefault(d.Key), d.Value)).Select(d => d.Key).Order().ToList();
        Assert.Contains("2026-02-06", changedDays);

        var again = await PublishAsync(arranged, "--table", "claude_code_stage_4", "--table", "corrections");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(changedDays, Loaded(again, "claude_code_stage_4").Order());
        Assert.Equal([""], Loaded(again, "corrections"));
        await AssertPublishedEqualsWarehouseAsync(arranged, DestinationTables.All.Where(t => t.Name is "claude_code_stage_4" or "corrections"));
        // The published staged row of the corrected prompt carries the corrected text.
        var corrected = Assert.Single(await WarehouseProbe.RowsAsync(arranged.Db,
            "SELECT entity_id::VARCHAR, corrected_text FROM corrections WHERE status = 'corrected' AND corrected_text LIKE 'fix the blog%'"));
        Assert.Equal("fix the blog test", corrected[1]);
        Assert.Equal((string?)corrected[1], Assert.Single(await arranged.Server.QueryAsync(
            $"SELECT text FROM `{Dataset}.claude_code_stage_4` WHERE CAST(entity_id AS VARCHAR) = '{corrected[0]}'", TestContext.Current.CancellationToken))[0]);
    }

    [Fact]
    public async Task An_upload_whose_connection_drops_is_resumed_and_loaded_once()
    {
        await using var arranged = await ArrangeAsync(new Fault(Fault.DropUpload));

        var publish = await PublishAsync(arranged, "--table", "messages");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Equal(2, arranged.Server.Jobs.LoadJobsInserted);
        Assert.False(arranged.Server.Faults.TakeDropUpload(), "the dropped upload was never tried");
        await AssertPublishedEqualsWarehouseAsync(arranged, DestinationTables.All.Where(t => t.Name == "messages"));
    }

    [Fact]
    public async Task In_team_mode_each_machine_loads_its_own_tables_and_a_view_per_table_unions_them()
    {
        await using var arranged = await ArrangeAsync();

        var laptop = await PublishAsync(arranged, "--mode", "team");
        var desktop = await HindsightCli.RunAsync("publish", "bigquery", "--db", arranged.Db, "--project", Project, "--dataset", Dataset,
            "--credentials", arranged.Server.ServiceAccountPath, "--endpoint", arranged.Server.BaseUrl.ToString(), "--machine-id", "desk.top", "--mode", "team");

        Assert.True(laptop.ExitCode == 0, laptop.ToString());
        Assert.True(desktop.ExitCode == 0, desktop.ToString());
        await AssertPublishedEqualsWarehouseAsync(arranged, Published, "__laptop_1");
        await AssertPublishedEqualsWarehouseAsync(arranged, Published, "__desk_top");
        // The stand-in records views without running them (their SQL is BigQuery's): the view's SQL is checked, the rows on the tables.
        var view = arranged.Server.Table(Project, Dataset, "messages");
        Assert.Equal("VIEW", view["type"]!.GetValue<string>());
        Assert.Equal($"SELECT * FROM `{Project}.{Dataset}.messages__*`", view["view"]!["query"]!.GetValue<string>());
    }
}
