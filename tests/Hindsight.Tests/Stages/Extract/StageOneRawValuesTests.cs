using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Tests.Stages.Extract;

/// <summary>
/// What stage 2 once read from each raw line with DuckDB's functions, and stage 1 now reads in its walk of the line: the
/// SHA-256 of a line without uuid, and the call a progress line copies. Each is checked against DuckDB itself, running
/// the very expressions stage 2 ran over the same bytes, and against the rule it states.
/// </summary>
public sealed class StageOneRawValuesTests
{
    private static TranscriptRecord Record(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var parsed = TranscriptLineParser.Parse("f", new JsonlLine(1, 0, bytes.Length + 1, bytes, bytes.Length, false, null));
        return parsed.Record ?? throw new InvalidOperationException("not a record: " + parsed.DeadLetter?.Detail);
    }

    private static async Task<DuckDBConnection> OpenAsync()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    [Theory]
    [InlineData("""{"type":"system","subtype":"x","content":"no uuid at all"}""")]
    [InlineData("""{"type":"summary","uuid":"","summary":"an empty uuid"}""")]
    [InlineData("""{"type":"user","uuid":null,"message":{"role":"user","content":"a null uuid"}}""")]
    [InlineData("""{"type":"queue-operation","operation":"enqueue","content":"ünïcödé \u00e9 \"quoted\" 🙂"}""")]
    public async Task A_line_without_uuid_gets_the_sha256_duckdb_gives_for_its_bytes(string line)
    {
        await using var connection = await OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sha256($raw)";
        command.Parameters.Add(new DuckDBParameter("raw", line));

        var expected = (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, Record(line).RawSha256);
        Assert.Matches("^[0-9a-f]{64}$", Record(line).RawSha256!);
    }

    [Fact]
    public void A_line_with_a_uuid_or_a_counting_pass_stores_no_hash()
    {
        Assert.Null(Record("""{"type":"user","uuid":"u-1","message":{"role":"user","content":"hi"}}""").RawSha256);
        var bytes = Encoding.UTF8.GetBytes("""{"type":"system","content":"no uuid"}""");
        var counted = TranscriptLineParser.Parse("f", new JsonlLine(1, 0, bytes.Length + 1, bytes, bytes.Length, false, null), keepRaw: false).Record!;
        Assert.Null(counted.RawSha256);
        Assert.Null(counted.CopiedCall);
    }

    /// <summary>Stage 2's SQL before stage 1 read the copies (DerivedKeyTables.ReadSliceRaw and ProgressCopies), over a table of lines.</summary>
    private const string StageTwoSqlBefore = """
        WITH progress AS (
            SELECT line_no, session_id, agent_id, "timestamp",
                   CASE WHEN type = 'progress' AND contains(raw, '"usage"') THEN json_extract(raw, '$.data') END AS d
            FROM lines
        ),
        copy_values AS (
            SELECT *, json_extract_string(d, '$.message.message.id') AS copy_message_id,
                   json_extract(d, '$.message.message.usage') AS u,
                   json_extract(d, '$.message.message.usage.cache_creation') AS split
            FROM progress WHERE d IS NOT NULL
        )
        SELECT line_no, copy_message_id,
               coalesce(json_extract_string(d, '$.message.requestId'), json_extract_string(d, '$.requestId')),
               json_extract_string(d, '$.message.message.model'),
               coalesce(json_extract_string(d, '$.agentId'), agent_id),
               epoch_us(coalesce(TRY_CAST(json_extract_string(d, '$.message.timestamp') AS TIMESTAMPTZ), "timestamp")),
               coalesce(TRY_CAST(json_extract_string(u, '$.input_tokens') AS BIGINT), 0),
               coalesce(TRY_CAST(json_extract_string(u, '$.output_tokens') AS BIGINT), 0),
               coalesce(TRY_CAST(json_extract_string(split, '$.ephemeral_5m_input_tokens') AS BIGINT), 0),
               coalesce(TRY_CAST(json_extract_string(split, '$.ephemeral_1h_input_tokens') AS BIGINT), 0),
               CASE WHEN split IS NULL THEN coalesce(TRY_CAST(json_extract_string(u, '$.cache_creation_input_tokens') AS BIGINT), 0) ELSE 0 END,
               coalesce(TRY_CAST(json_extract_string(u, '$.cache_read_input_tokens') AS BIGINT), 0),
               json_extract_string(u, '$.speed'),
               json_extract_string(d, '$.message.message.stop_reason')
        FROM copy_values
        WHERE copy_message_id IS NOT NULL AND copy_message_id <> '' AND json_type(u) = 'OBJECT'
          AND coalesce(json_extract_string(d, '$.message.message.model'), '') <> '<synthetic>'
        ORDER BY line_no
        """;

    private const string Envelope = "\"sessionId\":\"s-1\",\"agentId\":\"root-agent\",\"timestamp\":\"2026-01-02T03:04:05.678Z\"";

    private static string Progress(string data) => $$"""{"type":"progress",{{Envelope}},"data":{{data}}}""";

    private static string Copy(string message, string envelope = "\"requestId\":\"req-1\",\"timestamp\":\"2026-01-02T03:04:06.250Z\"") =>
        Progress("{\"type\":\"agent_progress\",\"agentId\":\"sub-1\",\"message\":{" + envelope + ",\"message\":" + message + "}}");

    private static readonly string WholeCopy = Copy("""{"id":"msg_1","model":"claude-opus-4-5","stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":20,"cache_creation_input_tokens":30,"cache_read_input_tokens":40,"cache_creation":{"ephemeral_5m_input_tokens":25,"ephemeral_1h_input_tokens":5},"speed":"fast"}}""");

    /// <summary>Lines for each rule of the copy, with a note of what it exercises.</summary>
    public static readonly TheoryData<string, string> CopyLines = new()
    {
        { "a whole copy, with the 5m/1h split", WholeCopy },
        { "no split: the flat cache-creation count", Copy("""{"id":"msg_2","model":"m","usage":{"input_tokens":1,"cache_creation_input_tokens":30}}""") },
        { "a null split is a split: the flat count is dropped", Copy("""{"id":"msg_3","model":"m","usage":{"cache_creation_input_tokens":30,"cache_creation":null}}""") },
        { "a split that is not an object", Copy("""{"id":"msg_4","model":"m","usage":{"cache_creation_input_tokens":30,"cache_creation":"x"}}""") },
        { "a synthetic model is no call", Copy("""{"id":"msg_5","model":"<synthetic>","usage":{"input_tokens":1}}""") },
        { "an empty message id", Copy("""{"id":"","model":"m","usage":{"input_tokens":1}}""") },
        { "no message id", Copy("""{"model":"m","usage":{"input_tokens":1}}""") },
        { "a numeric message id as its text", Copy("""{"id":123,"model":"m","usage":{"input_tokens":1}}""") },
        { "usage a string", Copy("""{"id":"msg_6","model":"m","usage":"12"}""") },
        { "usage null", Copy("""{"id":"msg_7","model":"m","usage":null}""") },
        { "usage an array", Copy("""{"id":"msg_8","model":"m","usage":[1,2]}""") },
        { "malformed counts: a string, a fraction, a literal, a negative, an exponent, past 64 bits", Copy("""{"id":"msg_9","model":"m","usage":{"input_tokens":"12","output_tokens":12.5,"cache_read_input_tokens":true,"cache_creation":{"ephemeral_5m_input_tokens":-3,"ephemeral_1h_input_tokens":1e3}}}""") },
        { "counts past 64 bits, and strings with spaces, signs and decimals", Copy("""{"id":"msg_10","model":"m","usage":{"input_tokens":99999999999999999999,"output_tokens":" 7 ","cache_read_input_tokens":"+8","cache_creation_input_tokens":"13.5"}}""") },
        { "counts of objects and null", Copy("""{"id":"msg_11","model":"m","usage":{"input_tokens":{"n":1},"output_tokens":null,"cache_read_input_tokens":[3]}}""") },
        { "no request id in the envelope: data's", Copy("""{"id":"msg_12","model":"m","usage":{"input_tokens":1}}""", "\"timestamp\":\"2026-01-02T03:04:06Z\"").Replace("\"agentId\":\"sub-1\"", "\"agentId\":\"sub-1\",\"requestId\":\"req-data\"", StringComparison.Ordinal) },
        { "no request id anywhere, no agent id in data, no time in the envelope: the line's own", Progress("""{"message":{"message":{"id":"msg_13","model":"m","usage":{"output_tokens":2}}}}""") },
        { "a time that is no time: the line's own", Copy("""{"id":"msg_14","model":"m","usage":{"input_tokens":1}}""", "\"timestamp\":\"yesterday\"") },
        { "duplicated keys: the first of each", Progress("""{"agentId":"first-agent","agentId":"second-agent","message":{"message":{"id":"msg_15","id":"other","model":"m","usage":{"input_tokens":1,"input_tokens":2}}},"message":{"message":{"id":"msg_16","model":"m","usage":{"input_tokens":3}}}}""") },
        { "a second data key is not read for the copy", "{\"type\":\"progress\"," + Envelope + ""","data":{"type":"first"},"data":{"message":{"message":{"id":"msg_17","model":"m","usage":{"input_tokens":1}}}}}""" },
        { "the word usage only escaped: the text filter stage 2 applied first finds nothing", Copy("""{"id":"msg_18","model":"m","\u0075sage":{"input_tokens":1}}""") },
        { "no model", Copy("""{"id":"msg_19","usage":{"input_tokens":1,"speed":2}}""") },
        { "not a progress line", "{\"type\":\"assistant\"," + Envelope + ""","data":{"message":{"message":{"id":"msg_20","model":"m","usage":{"input_tokens":1}}}}}""" },
        { "data not an object", Progress("\"usage\"") },
        { "an escaped id and model", Copy("""{"id":"msg_\u0032\"1","model":"cl\u00e4ude","usage":{"input_tokens":1}}""") },
    };

    [Theory]
    [MemberData(nameof(CopyLines))]
    public async Task A_progress_copy_is_read_as_stage_2s_sql_read_it(string rule, string line)
    {
        var record = Record(line);
        await using var connection = await OpenAsync();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """CREATE TABLE lines (line_no BIGINT, type VARCHAR, raw VARCHAR, session_id VARCHAR, agent_id VARCHAR, "timestamp" TIMESTAMPTZ)""";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        using (var appender = connection.CreateAppender("lines"))
        {
            appender.CreateRow().AppendValue(1L).AppendValue(record.Type).AppendValue(line).AppendValue(record.SessionId).AppendValue(record.AgentId)
                .AppendValue(record.Timestamp).EndRow();
        }

        var expected = (await WarehouseProbe.RowsAsync(connection, StageTwoSqlBefore)).Select(r => string.Join('|', r.Skip(1).Select(Text))).SingleOrDefault();

        Assert.True(expected == Describe(record.CopiedCall), $"{rule}: DuckDB read {expected ?? "no copy"}, stage 1 {Describe(record.CopiedCall) ?? "no copy"}");
    }

    private static string? Text(object? value) => value switch
    {
        null => "",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? Describe(CopiedCall? c) => c is null ? null : string.Join('|',
        c.MessageId, c.RequestId ?? "", c.Model ?? "", c.AgentId ?? "",
        c.Timestamp is { } t ? ((t - DateTimeOffset.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture) : "",
        c.InputTokens, c.OutputTokens, c.CacheCreation5mTokens, c.CacheCreation1hTokens, c.CacheCreationUnsplitTokens, c.CacheReadTokens,
        c.Speed ?? "", c.StopReason ?? "");

    [Fact]
    public void A_copy_keeps_each_rule_stage_2_applied()
    {
        var whole = Record(WholeCopy).CopiedCall!;
        Assert.Equal(("msg_1", "req-1", "claude-opus-4-5", "sub-1", "end_turn", "fast"), (whole.MessageId, whole.RequestId, whole.Model, whole.AgentId, whole.StopReason, whole.Speed));
        Assert.Equal((10L, 20L, 25L, 5L, 0L, 40L), (whole.InputTokens, whole.OutputTokens, whole.CacheCreation5mTokens, whole.CacheCreation1hTokens, whole.CacheCreationUnsplitTokens, whole.CacheReadTokens));
        Assert.Equal(DateTimeOffset.Parse("2026-01-02T03:04:06.250Z", CultureInfo.InvariantCulture), whole.Timestamp);

        Assert.Equal(30L, Record(Copy("""{"id":"m","usage":{"cache_creation_input_tokens":30}}""")).CopiedCall!.CacheCreationUnsplitTokens);
        Assert.Equal(0L, Record(Copy("""{"id":"m","usage":{"cache_creation_input_tokens":30,"cache_creation":null}}""")).CopiedCall!.CacheCreationUnsplitTokens);
        Assert.Null(Record(Copy("""{"id":"m","model":"<synthetic>","usage":{"input_tokens":1}}""")).CopiedCall);
        Assert.Null(Record(Copy("""{"id":"m","usage":null}""")).CopiedCall);

        var own = Record(Progress("""{"message":{"message":{"id":"m","usage":{}}}}""")).CopiedCall!;
        Assert.Equal(("root-agent", DateTimeOffset.Parse("2026-01-02T03:04:05.678Z", CultureInfo.InvariantCulture), (string?)null), (own.AgentId, own.Timestamp, own.RequestId));
    }

    [Theory]
    [InlineData("12")]
    [InlineData(" 12 ")]
    [InlineData("+12")]
    [InlineData("-12")]
    [InlineData("007")]
    [InlineData("12.5")]
    [InlineData("12.4")]
    [InlineData("-12.5")]
    [InlineData("13.5")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("1000.0")]
    [InlineData("1e3")]
    [InlineData("1E3")]
    [InlineData("1e-2")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775808")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("1 2")]
    [InlineData("12abc")]
    [InlineData("{\"n\":1}")]
    [InlineData("[3]")]
    public async Task A_count_text_casts_as_duckdbs_try_cast_to_bigint(string text)
    {
        await using var connection = await OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT TRY_CAST($text AS BIGINT)";
        command.Parameters.Add(new DuckDBParameter("text", text));

        var expected = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected is DBNull or null ? null : Convert.ToInt64(expected, CultureInfo.InvariantCulture), DuckDbIntegerText.TryCast(text));
    }
}
