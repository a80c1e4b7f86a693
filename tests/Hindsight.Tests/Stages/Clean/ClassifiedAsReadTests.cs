using DuckDB.NET.Data;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Tests.Support;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// Stage 1 classifies each record as it reads it and stores its <c>messages</c> rows with it; stage 2 classifies a
/// record stored without them (an older release's) by reading it back from the warehouse. Both give the same rows,
/// and the file-wide part (a line's file session, a prompt without origin in a file with it) is the same either way.
/// </summary>
public sealed class ClassifiedAsReadTests
{
    /// <summary>Every column of every row, in one order.</summary>
    private const string Messages = "SELECT * FROM messages ORDER BY ALL";

    /// <summary>Back to records stored without a classification, and nothing derived from them.</summary>
    private static async Task ForgetClassificationAsync(string db)
    {
        await using var connection = new DuckDBConnection($"Data Source={db}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM messages;
            DELETE FROM derived_files;
            DELETE FROM stage_state WHERE stage = 2;
            """;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task AssertStageTwoClassifiesAsStageOneAsync(params string[] sources)
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        await QuietRuns.RunAsync(db, sources);
        var asRead = await QuietRuns.TextAsync(db, Messages);
        Assert.True(asRead.Count > 0, "the run must store messages");

        await ForgetClassificationAsync(db);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages"));
        await QuietRuns.RunAsync(db, sources);

        var readBack = await QuietRuns.TextAsync(db, Messages);
        Assert.Equal(asRead.Count, readBack.Count);
        Assert.Equal(asRead, readBack);
    }

    [Fact]
    public async Task The_fixtures_of_every_agent_are_classified_alike_as_read_and_read_back()
    {
        await AssertStageTwoClassifiesAsStageOneAsync(
            RepositoryPaths.FixtureProjects,
            "codex=" + Path.Combine(RepositoryPaths.Fixtures, "codex", "home"),
            "gemini_cli=" + Path.Combine(RepositoryPaths.Fixtures, "gemini", "tmp"));
    }

    [Fact]
    public async Task Real_transcripts_are_classified_alike_as_read_and_read_back()
    {
        await AssertStageTwoClassifiesAsStageOneAsync(RepositoryPaths.RequireSharedTranscripts());
    }

    [Fact]
    public async Task A_prompt_without_origin_before_the_files_first_origin_and_a_line_before_its_first_session_get_the_files_values()
    {
        using var dir = new TempDirectory();
        const string session = "dddddddd-2222-4222-8222-222222222222";
        // Line 1 has no sessionId; line 2 is a plain prompt, classified before line 3 shows that the file carries origin.
        dir.Write("projects/-p/origin.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.Summary("a session"),
            TranscriptLines.User("o-u1", "update the readme please", session),
            TranscriptLines.User("o-u2", "and the changelog", session, "o-u1").Replace("\"type\":\"user\"", "\"type\":\"user\",\"origin\":{\"kind\":\"human\"}", StringComparison.Ordinal)));
        var db = dir.Combine("h.duckdb");

        await QuietRuns.RunAsync(db, dir.Combine("projects"));

        Assert.Equal(
            [$"1|{session}|∅|∅", $"2|{session}|medium|{MessageClassifier.OriginMissingReason}", $"3|{session}|high|origin_human"],
            await QuietRuns.TextAsync(db, "SELECT line_no, session_id, confidence, confidence_reason FROM messages ORDER BY line_no"));
    }

    public static TheoryData<string> ToolResultTexts => new()
    {
        "The user doesn't want to proceed with this tool use. To tell you how to proceed, the user said:\nstop",
        " \n\t\r\fError: The user doesn't want to proceed with this tool use.",
        "\u00a0The user doesn't want to proceed with this tool use.",
        "\vUser has answered your questions: \"q\"=\"a\"",
        "User has answered your questions: \"q\"=\"a\". You can now continue.",
        new string(' ', 48) + "User has answered your questions:",
        new string(' ', 49) + "User has answered your questions:",
        string.Concat(Enumerable.Repeat("\U0001F600", 47)) + "User has answered your questions",
        string.Concat(Enumerable.Repeat("\U0001F600", 48)) + "User has answered your questions",
        "Error: Error: The user doesn't want to proceed",
        "error: The user doesn't want to proceed",
        "",
        "some other tool output",
    };

    [Theory]
    [MemberData(nameof(ToolResultTexts))]
    public async Task Which_tool_results_the_classifier_reads_is_decided_alike_in_csharp_and_in_duckdb(string text)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ToolResultTypedText.SqlCandidateCondition}, {ToolResultTypedText.SqlQuotesAnswersCondition}
            FROM (SELECT $text AS text) b
            """;
        command.Parameters.Add(new DuckDBParameter("text", text));
        using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));

        Assert.Equal(reader.GetBoolean(0), ToolResultTypedText.IsCandidate(text));
        Assert.Equal(reader.GetBoolean(1), ToolResultTypedText.QuotesAnswers(text));
    }
}
