using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>Stage 2 on the team's fixtures, against the hand-labelled classification in expected.json.</summary>
public sealed class CleaningTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private string Db => _dir.Combine("h.duckdb");
    private CliResult _run = null!;

    public async ValueTask InitializeAsync() =>
        _run = await HindsightCli.RunAsync("run", "--source", RepositoryPaths.FixtureProjects, "--db", Db, "--manifest", _dir.Combine("m.json"), "--quiet", "--json");

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private static IEnumerable<(string File, JsonObject Case)> Cases() =>
        FixtureExpectations.Root["classification"]!.AsArray()
            .SelectMany(f => f!["cases"]!.AsArray().Select(c => (f["file"]!.GetValue<string>(), c!.AsObject())));

    private async Task<Dictionary<(string, long), object?[]>> MessagesAsync() =>
        (await WarehouseProbe.RowsAsync(Db, """
            SELECT f.relative_path, m.line_no, m.kind, m.confidence, m.confidence_reason, m.text, m.command_name,
                   m.is_duplicate, m.duplicate_reason, kf.relative_path, m.duplicate_of_line_no
            FROM messages m JOIN files f USING (file_id) LEFT JOIN files kf ON kf.file_id = m.duplicate_of_file_id
            WHERE m.block_index IS NULL
            """)).ToDictionary(r => ((string)r[0]!, (long)r[1]!));

    [Fact]
    public async Task Every_labelled_record_gets_the_expected_message_kind()
    {
        Assert.True(_run.ExitCode == 0, _run.ToString());
        var messages = await MessagesAsync();
        var wrong = Cases()
            .Where(c => (string?)messages[(c.File, c.Case["line"]!.GetValue<long>())][2] != c.Case["kind"]!.GetValue<string>())
            .Select(c => $"{c.File}:{c.Case["line"]} expected {c.Case["kind"]} got {messages[(c.File, c.Case["line"]!.GetValue<long>())][2]}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Human_prompts_carry_the_expected_confidence_reason_and_typed_text()
    {
        var messages = await MessagesAsync();
        var wrong = new List<string>();
        foreach (var (file, c) in Cases())
        {
            var row = messages[(file, c["line"]!.GetValue<long>())];
            if (c["confidence"] is { } confidence && ((string?)row[3] != confidence.GetValue<string>() || (string?)row[4] != c["confidence_reason"]!.GetValue<string>()))
                wrong.Add($"{file}:{c["line"]} confidence expected {confidence}/{c["confidence_reason"]} got {row[3]}/{row[4]}");
            // expected.json holds the text as typed; stage 2 trims its trailing whitespace (checked exactly by the clean_text cases).
            if (c["text"] is { } text && c["clean_text"] is null && c["kind"]!.GetValue<string>() is "human_prompt" or "slash_command" or "steering" or "shell_input"
                && (string?)row[5] != text.GetValue<string>().TrimEnd())
                wrong.Add($"{file}:{c["line"]} text expected [{text}] got [{row[5]}]");
            if (c["command"] is { } command && (string?)row[6] != command.GetValue<string>())
                wrong.Add($"{file}:{c["line"]} command expected {command} got {row[6]}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Labelled_harness_and_origin_reasons_are_stored_for_records_no_person_typed()
    {
        var messages = await MessagesAsync();
        var labelled = Cases().Where(c => c.Case["reason"] is not null).ToList();
        Assert.Contains(labelled, c => c.Case["kind"]!.GetValue<string>() == "machine_prompt");
        var wrong = labelled
            .Where(c => (string?)messages[(c.File, c.Case["line"]!.GetValue<long>())][4] != c.Case["reason"]!.GetValue<string>())
            .Select(c => $"{c.File}:{c.Case["line"]} reason expected {c.Case["reason"]} got {messages[(c.File, c.Case["line"]!.GetValue<long>())][4]}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Text_a_person_typed_inside_a_tool_result_is_a_row_of_its_own_and_the_tool_result_row_stays()
    {
        var typed = (await WarehouseProbe.RowsAsync(Db, """
            SELECT f.relative_path, m.line_no, m.block_index, m.kind, m.confidence, m.confidence_reason, m.text, m.is_duplicate
            FROM messages m JOIN files f USING (file_id) WHERE m.block_index IS NOT NULL
            """)).ToDictionary(r => ((string)r[0]!, (long)r[1]!, (int)r[2]!));
        var records = await MessagesAsync();
        var expected = Cases()
            .SelectMany(c => (c.Case["typed_in_tool_result"]?.AsArray() ?? []).Select(t => (c.File, Line: c.Case["line"]!.GetValue<long>(), Typed: t!.AsObject())))
            .ToList();
        Assert.Contains(expected, e => e.Typed["kind"]!.GetValue<string>() == "human_tool_feedback");
        Assert.Contains(expected, e => e.Typed["kind"]!.GetValue<string>() == "human_answer");
        var wrong = new List<string>();
        foreach (var (file, line, t) in expected)
        {
            if (!typed.TryGetValue((file, line, t["block"]!.GetValue<int>()), out var row)) { wrong.Add($"{file}:{line} no typed row"); continue; }
            var want = (t["kind"]!.GetValue<string>(), t["confidence"]!.GetValue<string>(), t["confidence_reason"]!.GetValue<string>(), t["text"]!.GetValue<string>());
            var got = ((string)row[3]!, (string?)row[4], (string?)row[5], (string?)row[6]);
            if (got != want) wrong.Add($"{file}:{line} expected {want} got {got}");
            if ((string?)records[(file, line)][2] != "tool_result") wrong.Add($"{file}:{line} the record's own row is no longer a tool_result");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // Every typed row of the fixtures is labelled: nothing else is taken for a person's typing.
        Assert.Equal(expected.Count, typed.Count);
    }

    [Fact]
    public async Task Typed_text_inside_tool_results_counts_as_human_typed_text()
    {
        long typedInToolResults = await WarehouseProbe.ScalarAsync<long>(Db,
            "SELECT count(*) FROM messages WHERE kind IN ('human_tool_feedback', 'human_answer') AND NOT is_duplicate");
        long humanTyped = await WarehouseProbe.ScalarAsync<long>(Db,
            "SELECT count(*) FROM messages WHERE kind IN ('human_prompt', 'slash_command', 'steering', 'human_tool_feedback', 'human_answer') AND NOT is_duplicate");
        var cleaning = _run.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 2)!;
        Assert.True(typedInToolResults >= 4);
        Assert.Equal(humanTyped, cleaning["metrics"]!["human_typed_messages"]!.GetValue<long>());
    }

    [Fact]
    public async Task Duplicates_are_marked_with_their_reason_and_the_row_kept_and_nothing_else_is()
    {
        var messages = await MessagesAsync();
        var wrong = new List<string>();
        foreach (var (file, c) in Cases())
        {
            var row = messages[(file, c["line"]!.GetValue<long>())];
            var expected = c["duplicate"];
            var actual = (bool)row[7]! ? $"{row[8]} -> {row[9]}:{row[10]}" : "none";
            var want = expected is null ? "none" : $"{expected["reason"]} -> {expected["kept"]!["file"]}:{expected["kept"]!["line"]}";
            if (actual != want) wrong.Add($"{file}:{c["line"]} expected {want} got {actual}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Contains(Cases(), c => c.Case["duplicate"] is not null);
    }

    [Fact]
    public async Task Code_blocks_and_newlines_in_a_prompt_survive_cleaning_byte_for_byte()
    {
        var messages = await MessagesAsync();
        var cleaned = Cases().Where(c => c.Case["clean_text"] is not null).ToList();
        Assert.NotEmpty(cleaned);
        foreach (var (file, c) in cleaned)
            Assert.Equal(c["clean_text"]!.GetValue<string>(), (string?)messages[(file, c["line"]!.GetValue<long>())][5]);
    }

    [Fact]
    public async Task Api_calls_equal_the_fixtures_hand_computed_dedup_with_no_double_counting()
    {
        var expected = FixtureExpectations.Root["api_calls"]!["totals"]!;
        var actual = await WarehouseProbe.RowsAsync(Db,
            "SELECT count(*), sum(input_tokens), sum(output_tokens), sum(cache_creation_tokens), sum(cache_read_tokens) FROM api_calls");
        Assert.Equal(
            (expected["calls"]!.GetValue<long>(), expected["input"]!.GetValue<long>(), expected["output"]!.GetValue<long>(),
             expected["cache_creation"]!.GetValue<long>(), expected["cache_read"]!.GetValue<long>()),
            ((long)actual[0][0]!, Sum(actual[0][1]), Sum(actual[0][2]), Sum(actual[0][3]), Sum(actual[0][4])));
    }

    private static long Sum(object? value) => long.Parse(value!.ToString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Re_running_stage_2_changes_no_row()
    {
        var tables = new[] { "messages", "api_calls" };
        var before = await WarehouseProbe.ChecksumsAsync(Db, tables);
        var again = await HindsightCli.RunAsync("clean", "--source", RepositoryPaths.FixtureProjects, "--db", Db, "--quiet");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(Db, tables));
    }
}
