using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Tests.Sources.ClaudeCode;

/// <summary>
/// The parser on every line of tests/fixtures (read by the product's own line reader), against what expected.json
/// measured from the same bytes: each record type, the dead letters and their reasons, content blocks, models and
/// usage. The parser's edge rules on single lines (duplicate keys, wrong types, depth, surrogates) are in
/// TranscriptLineParserEdgeCaseTests.
/// </summary>
public sealed class TranscriptLineParserTests
{
    private sealed record ParsedFile(JsonObject Expected, List<TranscriptRecord> Records, List<DeadLetter> DeadLetters);

    /// <summary>Every JSONL file of tests/fixtures/projects, read and parsed.</summary>
    private static async Task<List<ParsedFile>> FixturesAsync()
    {
        var files = new List<ParsedFile>();
        foreach (var expected in FixtureExpectations.Files.Where(f => f["jsonl"]!.GetValue<bool>()))
            files.Add(await ParseAsync(expected, Path.Combine(RepositoryPaths.FixtureProjects, expected["path"]!.GetValue<string>())));
        return files;
    }

    private static async Task<ParsedFile> ParseAsync(JsonObject expected, string path)
    {
        var records = new List<TranscriptRecord>();
        var dead = new List<DeadLetter>();
        await using var stream = File.OpenRead(path);
        await new JsonlLineReader().ReadAsync(stream, 0, 1, line =>
        {
            var parsed = TranscriptLineParser.Parse(expected["path"]!.GetValue<string>(), line);
            if (parsed.Record is { } record) records.Add(record);
            else dead.Add(parsed.DeadLetter!);
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);
        return new ParsedFile(expected, records, dead);
    }

    private static Dictionary<string, long> CountBy<T>(IEnumerable<T> items, Func<T, string?> key) =>
        items.Select(key).OfType<string>().GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    private static async Task<List<ParsedFile>> AllAgreeAsync(Func<ParsedFile, string?> disagreement)
    {
        var fixtures = await FixturesAsync();
        Assert.NotEmpty(fixtures);
        var wrong = fixtures.Select(f => disagreement(f) is { } d ? $"{f.Expected["path"]}: {d}" : null).OfType<string>().ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        return fixtures;
    }

    private static string? Differs<T>(string what, T expected, T actual) where T : IEnumerable<KeyValuePair<string, long>> =>
        expected.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(actual.OrderBy(p => p.Key, StringComparer.Ordinal)) ? null
            : $"{what} expected {string.Join(", ", expected.Select(p => $"{p.Key}={p.Value}"))} got {string.Join(", ", actual.Select(p => $"{p.Key}={p.Value}"))}";

    [Fact]
    public async Task Every_fixture_file_yields_the_records_of_each_type_that_expected_json_counts_unknown_types_included()
    {
        var fixtures = await AllAgreeAsync(f => Differs("records by type", FixtureExpectations.Counts(f.Expected["records_by_type"]), CountBy(f.Records, r => r.Type)));
        Assert.Contains(fixtures, f => f.Records.Any(r => r.Type == "session-bookmark"));
        Assert.Contains(fixtures, f => f.Records.Any(r => r.Type == "turn_end"));
    }

    [Fact]
    public async Task Every_dead_letter_of_the_fixtures_is_found_at_its_line_and_offset_with_its_reason()
    {
        var fixtures = await AllAgreeAsync(f =>
        {
            var expected = f.Expected["dead_letters"]?.AsArray().Select(d => $"{d!["line"]}@{d["offset"]}:{d["reason"]}:{d["raw_length"]}:{d["sha256"]}") ?? [];
            var actual = f.DeadLetters.Select(d => $"{d.LineNumber}@{d.ByteOffset}:{d.Reason.ToName()}:{d.RawLength}:{d.RawSha256}");
            return expected.SequenceEqual(actual) ? null : $"dead letters expected [{string.Join(" ", expected)}] got [{string.Join(" ", actual)}]";
        });
        var reasons = fixtures.SelectMany(f => f.DeadLetters).Select(d => d.Reason).ToHashSet();
        Assert.Superset(new HashSet<DeadLetterReason> { DeadLetterReason.InvalidUtf8, DeadLetterReason.InvalidJson, DeadLetterReason.NotAnObject, DeadLetterReason.MissingType }, reasons);
    }

    [Fact]
    public async Task The_subtypes_of_system_attachment_and_progress_records_are_those_expected_json_counts()
    {
        await AllAgreeAsync(f =>
            Differs("system subtypes", FixtureExpectations.Counts(f.Expected["system_subtypes"]), CountBy(f.Records.Where(r => r.Type == "system"), r => r.Subtype ?? "(none)"))
            ?? Differs("attachment types", FixtureExpectations.Counts(f.Expected["attachment_types"]), CountBy(f.Records.Where(r => r.Type == "attachment"), r => r.Subtype))
            ?? Differs("progress types", FixtureExpectations.Counts(f.Expected["progress_types"]), CountBy(f.Records.Where(r => r.Type == "progress"), r => r.Subtype)));
    }

    [Fact]
    public async Task The_content_blocks_tool_names_and_models_of_every_fixture_file_are_those_expected_json_counts()
    {
        await AllAgreeAsync(f =>
            // expected.json counts message.content only; the parser also gives queued steering text a block of its own.
            Differs("content blocks", FixtureExpectations.Counts(f.Expected["content_blocks"]),
                CountBy(f.Records.Where(r => r.Type is "user" or "assistant").SelectMany(r => r.Blocks), b => b.BlockType))
            ?? Differs("tool names", FixtureExpectations.Counts(f.Expected["tool_names"]),
                CountBy(f.Records.SelectMany(r => r.Blocks).Where(b => b.BlockType == "tool_use"), b => b.ToolName))
            ?? Differs("models", FixtureExpectations.Counts(f.Expected["models"]), CountBy(f.Records.Where(r => r.Type == "assistant"), r => r.MessageModel)));
    }

    [Fact]
    public async Task The_session_ids_and_first_and_last_timestamps_of_every_fixture_file_are_read()
    {
        await AllAgreeAsync(f =>
        {
            var sessions = f.Records.Select(r => r.SessionId).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            var expectedSessions = f.Expected["session_ids"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal);
            if (!sessions.SequenceEqual(expectedSessions)) return $"sessions expected {string.Join(",", expectedSessions)} got {string.Join(",", sessions)}";
            var times = f.Records.Select(r => r.Timestamp).OfType<DateTimeOffset>().ToList();
            var first = times.Count == 0 ? null : times.Min().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            var last = times.Count == 0 ? null : times.Max().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            var want = (f.Expected["first_timestamp"]?.GetValue<string>(), f.Expected["last_timestamp"]?.GetValue<string>());
            return (first, last) == want ? null : $"timestamps expected {want} got {(first, last)}";
        });
    }

    [Fact]
    public async Task A_crlf_file_yields_records_whose_raw_line_has_no_carriage_return()
    {
        var fixtures = await FixturesAsync();
        var crlf = fixtures.Single(f => f.Expected["tags"]!.AsArray().Any(t => t!.GetValue<string>() == "crlf"));

        Assert.True(crlf.Expected["crlf_lines"]!.GetValue<long>() > 0);
        Assert.Equal(crlf.Expected["records"]!.GetValue<long>(), crlf.Records.Count);
        Assert.All(crlf.Records, r => Assert.NotEqual((byte)'\r', r.Raw[^1]));
        Assert.All(crlf.Records.SelectMany(r => r.Blocks).Select(b => b.Text).OfType<string>(), t => Assert.False(t.EndsWith('\r'), t));
    }

    [Fact]
    public void A_line_with_a_byte_that_is_not_utf8_is_an_invalid_utf8_dead_letter_even_inside_a_json_string()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"user","message":{"role":"user","content":"caf_"}}""");
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0xE9;

        var parsed = TranscriptLineParser.Parse("f", new JsonlLine(4, 100, 100 + bytes.Length + 1, bytes, bytes.Length, false, null));

        Assert.Null(parsed.Record);
        Assert.Equal((DeadLetterReason.InvalidUtf8, 4L, 100L, (long)bytes.Length), (parsed.DeadLetter!.Reason, parsed.DeadLetter.LineNumber, parsed.DeadLetter.ByteOffset, parsed.DeadLetter.RawLength));
    }

    [Fact]
    public void A_line_that_has_only_a_type_is_a_record_with_every_other_field_absent()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"user"}""");

        var record = TranscriptLineParser.Parse("f", new JsonlLine(1, 0, bytes.Length + 1, bytes, bytes.Length, false, null)).Record!;

        Assert.Equal("user", record.Type);
        Assert.Equal((null, null, null, null, null, null), (record.Uuid, record.ParentUuid, record.SessionId, record.Timestamp, record.MessageId, record.RequestId));
        Assert.Equal((null, null, null, null), (record.IsSidechain, record.IsMeta, record.OriginKind, record.Subtype));
        Assert.Null(record.Usage);
        Assert.Empty(record.Blocks);
    }

    [Fact]
    public async Task The_usage_of_every_assistant_line_expected_json_names_for_an_api_call_is_read_as_written()
    {
        var fixtures = await FixturesAsync();
        var assistants = fixtures
            .SelectMany(f => f.Records.Where(r => r.Type == "assistant").Select(r => (Where: $"{f.Expected["path"]}:{r.LineNumber}", Record: r)))
            .ToList();
        var checkedCalls = 0;
        var wrong = new List<string>();
        foreach (var call in FixtureExpectations.Root["api_calls"]!["calls"]!.AsArray().Select(c => c!.AsObject()))
        {
            var messageId = call["message_id"]!.GetValue<string>();
            var requestId = call["request_id"]?.GetValue<string>();
            var lines = assistants.Where(a => a.Record.MessageId == messageId && a.Record.RequestId == requestId).ToList();
            // The line the call's usage comes from: named when the call is split over several lines, else its only line.
            var source = call["usage_from"] is { } from ? lines.SingleOrDefault(l => l.Where == from.GetValue<string>())
                : lines.Count == 1 && call["lines"]!.GetValue<int>() == 1 ? lines[0] : default;
            if (source.Record is null) continue;
            checkedCalls++;
            var usage = source.Record.Usage!;
            var want = (call["input"]!.GetValue<long>(), call["output"]!.GetValue<long>(), call["cache_creation"]!.GetValue<long>(),
                call["cache_5m"]?.GetValue<long>(), call["cache_1h"]?.GetValue<long>(), call["cache_read"]!.GetValue<long>());
            var got = (usage.InputTokens ?? 0, usage.OutputTokens ?? 0, usage.CacheCreationInputTokens ?? 0, usage.CacheCreation5m, usage.CacheCreation1h, usage.CacheReadInputTokens ?? 0);
            if (got != want) wrong.Add($"{source.Where} ({messageId}) usage expected {want} got {got}");
            if (call["model"]!.GetValue<string>() != source.Record.MessageModel) wrong.Add($"{source.Where} model expected {call["model"]} got {source.Record.MessageModel}");
        }

        Assert.True(checkedCalls > 60, $"only {checkedCalls} calls could be traced to their line");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_legacy_cost_and_a_fast_speed_are_read_from_the_lines_that_carry_them()
    {
        var fixtures = await FixturesAsync();
        var legacy = FixtureExpectations.Root["api_calls"]!["calls"]!.AsArray().Select(c => c!.AsObject()).First(c => c["legacy_cost_usd"] is not null && c["lines"]!.GetValue<int>() == 1);
        var record = fixtures.SelectMany(f => f.Records).Single(r => r.Type == "assistant" && r.MessageId == legacy["message_id"]!.GetValue<string>());
        var fast = Encoding.UTF8.GetBytes("""{"type":"assistant","message":{"id":"m","usage":{"input_tokens":1,"output_tokens":2,"speed":"fast"}}}""");

        Assert.Equal(legacy["legacy_cost_usd"]!.GetValue<double>(), record.CostUsd!.Value, 6);
        Assert.Equal("fast", TranscriptLineParser.Parse("f", new JsonlLine(1, 0, fast.Length + 1, fast, fast.Length, false, null)).Record!.Usage!.Speed);
    }
}
