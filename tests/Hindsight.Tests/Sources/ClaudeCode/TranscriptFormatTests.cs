using System.Text;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Tests.Sources.ClaudeCode;

/// <summary>Claude Code up to 2.1.332: the fields of today's lines, every record type known, and files that are not transcripts.</summary>
public sealed class TranscriptFormatTests
{
    private static TranscriptRecord Parse(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var parsed = TranscriptLineParser.Parse("f", new JsonlLine(1, 0, bytes.Length + 1, bytes, bytes.Length, false, null));
        return parsed.Record ?? throw new InvalidOperationException("not a record: " + parsed.DeadLetter?.Detail);
    }

    [Fact]
    public void A_failed_2_1_27x_assistant_line_keeps_its_error_truncation_flag_and_effort_typed()
    {
        var record = Parse("""
            {"parentUuid":"p","isSidechain":false,"message":{"model":"claude-sonnet-4-5-20250929","id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"I'll change"}],"stop_reason":null,"usage":{"input_tokens":4,"output_tokens":14}},"requestId":"req_1","type":"assistant","uuid":"u","timestamp":"2026-11-26T09:01:09.930Z","effort":"high","perTurnEffort":"high","error":"server_error","truncatedAfterOutput":true,"isApiErrorMessage":true,"sessionId":"s","version":"2.1.332"}
            """);

        Assert.Equal(("high", "server_error", true, true), (record.Effort, record.ApiError, record.TruncatedAfterOutput, record.IsApiErrorMessage));
    }

    [Fact]
    public void Turn_origin_and_prompt_source_of_a_user_line_are_typed()
    {
        var record = Parse("""
            {"type":"user","message":{"role":"user","content":"hi"},"uuid":"u","timestamp":"2026-11-26T09:00:01.120Z","origin":{"kind":"human"},"promptSource":"typed","turnOrigin":"human","entrypoint":"cli","sessionId":"s"}
            """);

        Assert.Equal(("human", "human", "typed", "cli"), (record.OriginKind, record.TurnOrigin, record.PromptSource, record.Entrypoint));
    }

    [Fact]
    public void Lines_older_than_2_1_212_have_no_effort_which_means_not_recorded()
    {
        var record = Parse("""{"type":"assistant","message":{"id":"m","role":"assistant","content":[]},"uuid":"u","sessionId":"s","version":"2.1.140"}""");

        Assert.Null(record.Effort);
        Assert.Null(record.ApiError);
    }

    [Fact]
    public void A_cache_write_reported_only_in_the_nested_split_counts_where_the_flat_field_says_zero()
    {
        var record = Parse("""
            {"type":"assistant","message":{"id":"m","role":"assistant","content":[],"usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":600,"ephemeral_1h_input_tokens":4200},"output_tokens":88}},"uuid":"u","sessionId":"s","version":"2.0.76"}
            """);

        Assert.Equal((4800L, 600L, 4200L), (record.Usage!.CacheCreationInputTokens, record.Usage.CacheCreation5m, record.Usage.CacheCreation1h));
    }

    [Fact]
    public void A_flat_cache_write_is_kept_as_written_when_it_is_not_zero()
    {
        var record = Parse("""
            {"type":"assistant","message":{"id":"m","role":"assistant","content":[],"usage":{"input_tokens":1,"cache_creation_input_tokens":9020,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":9020},"output_tokens":1}},"uuid":"u","sessionId":"s"}
            """);

        Assert.Equal(9020L, record.Usage!.CacheCreationInputTokens);
    }

    [Theory]
    [InlineData("file-history-snapshot")]
    [InlineData("file-history-delta")]
    [InlineData("mode")]
    [InlineData("atis-latch")]
    [InlineData("cost-state")]
    [InlineData("worktree-state")]
    [InlineData("relocated")]
    [InlineData("bridge-session")]
    [InlineData("frame-link")]
    [InlineData("api-request-resumed")]
    [InlineData("data-flow-incomplete")]
    [InlineData("content-replacement")]
    [InlineData("tools-used")]
    [InlineData("summary")]
    public void Every_metadata_type_of_the_current_format_is_known_and_none_is_a_conversation_turn(string type)
    {
        Assert.True(KnownRecordTypes.IsKnown(type));
        Assert.True(KnownRecordTypes.IsMetadata(type));
        Assert.DoesNotContain(type, KnownRecordTypes.Conversation);
    }

    [Fact]
    public void The_known_list_holds_the_five_conversation_types_and_the_2_1_332_metadata_types()
    {
        Assert.Equal(["assistant", "attachment", "progress", "system", "user"], KnownRecordTypes.Conversation.Order(StringComparer.Ordinal));
        Assert.True(KnownRecordTypes.Metadata.Count >= 42, $"{KnownRecordTypes.Metadata.Count} metadata types");
        Assert.Subset(KnownRecordTypes.Metadata.ToHashSet(), KnownRecordTypes.RoutedToAgentFiles.ToHashSet());
        Assert.False(KnownRecordTypes.IsKnown("session-bookmark"));
    }

    [Fact]
    public void Every_record_type_in_the_fixtures_session_files_is_known_except_the_deliberate_future_one()
    {
        var types = Support.FixtureExpectations.Counts(Support.FixtureExpectations.Totals["records_by_type_in_session_files"]).Keys;

        Assert.Equal(["session-bookmark"], types.Where(t => !KnownRecordTypes.IsKnown(t)));
    }

    [Theory]
    [InlineData("-p/5b0e3c7a/subagents/workflows/wf_a0baf716/agent-afbfee47f9b05df2e.jsonl", TranscriptFileKind.NestedAgent)]
    [InlineData("-p/5b0e3c7a/subagents/workflows/wf_a0baf716/journal.jsonl", TranscriptFileKind.WorkflowJournal)]
    [InlineData("sessions/48213.json", TranscriptFileKind.Other)]
    [InlineData("-p/5b0e3c7a/workflows/wf_a0baf716.json", TranscriptFileKind.Other)]
    public void Workflow_agents_are_transcripts_and_journals_and_process_files_are_not(string relativePath, TranscriptFileKind kind)
    {
        Assert.Equal(kind, TranscriptFileClassifier.Classify(relativePath));
    }
}
