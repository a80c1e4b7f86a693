namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// The ccusage-compatible API-call rule of stage 2 (<c>ApiCallBuilder</c>): assistant lines are one call per
/// (message.id, requestId), as ccusage's <c>messageId:requestId</c> hash; the README's "known differences" say where
/// Hindsight goes further (lines without ids, progress copies). Hand-written lines in, <c>api_calls</c> rows out.
/// </summary>
public sealed class ApiCallBuilderTests
{
    private const string Session = "0c0c0c0c-0000-4000-8000-00000000000c";
    private const string MainFile = $"-home-ana-shop/{Session}.jsonl";

    private sealed record Call(string? MessageId, string? RequestId, long Input, long Output, long Total, int Lines, string UsageSource, bool IsSidechain, string File, long LineNo);

    private static async Task<List<Call>> CallsAsync(params (string File, string[] Lines)[] files)
    {
        using var corpus = new CleanedTranscripts();
        foreach (var (file, lines) in files) corpus.File(file, lines);
        await corpus.CleanAsync();
        return (await corpus.RowsAsync("""
                SELECT c.message_id, c.request_id, c.input_tokens, c.output_tokens, c.total_tokens, c.lines, c.usage_source, c.is_sidechain,
                       f.relative_path, c.line_no
                FROM api_calls c JOIN files f USING (file_id) ORDER BY f.relative_path, c.line_no
                """))
            .Select(r => new Call((string?)r[0], (string?)r[1], (long)r[2]!, (long)r[3]!, (long)r[4]!, (int)r[5]!, (string)r[6]!, (bool)r[7]!, (string)r[8]!, (long)r[9]!))
            .ToList();
    }

    private static Task<List<Call>> MainFileCallsAsync(params string[] lines) => CallsAsync((MainFile, lines));

    [Fact]
    public async Task The_streamed_copies_of_one_response_are_one_call_with_the_usage_of_its_largest_line()
    {
        var calls = await MainFileCallsAsync(
            Line.User("u-1", Session, 0, "find the rounding bug"),
            Line.Assistant("a-1", Session, 1, "msg_1", "req_1", 1, parent: "u-1", text: "thinking"),
            Line.Assistant("a-2", Session, 2, "msg_1", "req_1", 1, parent: "a-1", text: "reading"),
            Line.Assistant("a-3", Session, 3, "msg_1", "req_1", 250, parent: "a-2", text: "done", stopReason: "end_turn"));

        var call = Assert.Single(calls);
        Assert.Equal(("msg_1", "req_1", 250L, 3, "line"), (call.MessageId, call.RequestId, call.Output, call.Lines, call.UsageSource));
        Assert.Equal(5 + 250 + 100 + 2000, call.Total);
        Assert.Equal(4, call.LineNo);
    }

    [Fact]
    public async Task The_same_message_id_under_another_request_id_is_another_call()
    {
        var calls = await MainFileCallsAsync(
            Line.Assistant("a-1", Session, 1, "msg_1", "req_1", 40),
            Line.Assistant("a-2", Session, 2, "msg_1", "req_2", 60, parent: "a-1"),
            Line.Assistant("a-3", Session, 3, "msg_1", "req_2", 60, parent: "a-2"));

        Assert.Equal([("req_1", 40L, 1), ("req_2", 60L, 2)], calls.Select(c => (c.RequestId, c.Output, c.Lines)));
    }

    [Fact]
    public async Task A_call_replayed_in_a_resumed_session_is_counted_once()
    {
        const string resumed = "0d0d0d0d-0000-4000-8000-00000000000d";
        var replayed = Line.Assistant("a-1", Session, 1, "msg_1", "req_1", 40);

        var calls = await CallsAsync(
            (MainFile, [replayed]),
            ($"-home-ana-shop/{resumed}.jsonl", [replayed, Line.Assistant("a-9", resumed, 90, "msg_9", "req_9", 7, parent: "a-1")]));

        Assert.Equal([("msg_1", 40L, 2), ("msg_9", 7L, 1)], calls.OrderBy(c => c.MessageId, StringComparer.Ordinal).Select(c => (c.MessageId, c.Output, c.Lines)));
    }

    [Fact]
    public async Task Lines_without_a_request_id_are_grouped_by_message_id_alone()
    {
        var calls = await MainFileCallsAsync(
            Line.Assistant("a-1", Session, 1, "msg_gw", null, 1),
            Line.Assistant("a-2", Session, 5, "msg_gw", null, 80, parent: "a-1"),
            Line.Assistant("a-3", Session, 6, "chatcmpl-1", null, 9, parent: "a-2"));

        Assert.Equal([("msg_gw", 80L, 2), ("chatcmpl-1", 9L, 1)], calls.Select(c => (c.MessageId!, c.Output, c.Lines)));
        Assert.All(calls, c => Assert.Null(c.RequestId));
    }

    [Fact]
    public async Task A_line_with_a_request_id_but_no_message_id_is_a_call_of_its_own()
    {
        var calls = await MainFileCallsAsync(
            Line.Assistant("a-1", Session, 1, null, "req_1", 30),
            Line.Assistant("a-2", Session, 2, null, "req_1", 30, parent: "a-1"));

        Assert.Equal([(1L, 1, "line"), (2L, 1, "line")], calls.Select(c => (c.LineNo, c.Lines, c.UsageSource)));
    }

    [Fact]
    public async Task Lines_without_any_id_merge_only_when_each_chains_to_the_previous_with_the_same_model_and_usage()
    {
        var calls = await MainFileCallsAsync(
            Line.Assistant("a-1", Session, 1, null, null, 30),
            Line.Assistant("a-2", Session, 2, null, null, 30, parent: "a-1"),
            // Near misses: chained but with other usage; same usage but not chained to the line before.
            Line.Assistant("a-3", Session, 3, null, null, 31, parent: "a-2"),
            Line.Assistant("a-4", Session, 4, null, null, 31, parent: "a-1"));

        Assert.Equal([(1L, 2), (3L, 1), (4L, 1)], calls.Select(c => (c.LineNo, c.Lines)));
        Assert.All(calls, c => Assert.Equal(("no_ids", (string?)null, (string?)null), (c.UsageSource, c.MessageId, c.RequestId)));
    }

    [Fact]
    public async Task Synthetic_lines_and_api_errors_without_usage_are_not_calls_but_an_api_error_with_usage_is()
    {
        var calls = await MainFileCallsAsync(
            Line.Assistant("a-1", Session, 1, "msg_synthetic", "req_1", 0, model: "<synthetic>", input: 0, cacheWrite: 0, cacheRead: 0, apiError: true),
            Line.Assistant("a-2", Session, 2, "msg_error_empty", "req_2", 0, parent: "a-1", input: 0, cacheWrite: 0, cacheRead: 0, apiError: true),
            Line.Assistant("a-3", Session, 3, "msg_error_cut", "req_3", 14, parent: "a-2", apiError: true),
            Line.Assistant("a-4", Session, 4, "msg_synthetic_priced", "req_4", 50, parent: "a-3", model: "<synthetic>"));

        Assert.Equal(["msg_error_cut"], calls.Select(c => c.MessageId));
    }

    [Fact]
    public async Task A_sidechain_replay_of_a_main_chain_call_is_dropped_and_a_sidechain_only_call_keeps_its_largest_request()
    {
        var aside = $"-home-ana-shop/{Session}/subagents/agent-aside_question-6ad6cd.jsonl";
        var calls = await CallsAsync(
            (MainFile, [Line.Assistant("a-1", Session, 1, "msg_main", "req_main", 40)]),
            (aside,
            [
                Line.Assistant("s-1", Session, 2, "msg_main", "req_aside", 40, sidechain: true),
                Line.Assistant("s-2", Session, 3, "msg_side", "req_side_1", 10, parent: "s-1", sidechain: true),
                Line.Assistant("s-3", Session, 4, "msg_side", "req_side_2", 90, parent: "s-2", sidechain: true),
            ]));

        Assert.Equal([("msg_main", "req_main", false), ("msg_side", "req_side_2", true)],
            calls.OrderBy(c => c.MessageId, StringComparer.Ordinal).Select(c => (c.MessageId, c.RequestId, c.IsSidechain)));
    }

    [Fact]
    public async Task A_subagent_call_copied_into_a_progress_record_counts_once_and_only_when_the_subagents_file_lacks_it()
    {
        var calls = await CallsAsync(
            (MainFile,
            [
                ProgressCopy("p-1", "msg_copied_only", "req_c1", 70),
                ProgressCopy("p-2", "msg_copied_only", "req_c1", 70),
                ProgressCopy("p-3", "msg_also_own", "req_c2", 900),
            ]),
            ($"-home-ana-shop/{Session}/subagents/agent-a1b2c3d.jsonl",
                [Line.Assistant("s-1", Session, 5, "msg_also_own", "req_c2", 40, sidechain: true, stopReason: "end_turn")]));

        Assert.Equal([("msg_also_own", 40L, "line", 2), ("msg_copied_only", 70L, "progress_copy", 2)],
            calls.OrderBy(c => c.MessageId, StringComparer.Ordinal).Select(c => (c.MessageId!, c.Output, c.UsageSource, c.Lines)));
    }

    /// <summary>A 2.1.x parent's agent_progress record carrying a copy of one of its subagent's assistant lines.</summary>
    private static string ProgressCopy(string uuid, string messageId, string requestId, long output) =>
        $$$"""{"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ana/shop","sessionId":"{{{Session}}}","version":"2.1.44","type":"progress","data":{"type":"agent_progress","agentId":"a1b2c3d","message":{"type":"assistant","message":{"model":"{{{Line.Model}}}","id":"{{{messageId}}}","type":"message","role":"assistant","content":[],"usage":{"input_tokens":9,"output_tokens":{{{output}}},"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"requestId":"{{{requestId}}}","uuid":"{{{uuid}}}-inner","timestamp":"{{{Line.At(1)}}}"}},"toolUseID":"agent_msg","parentToolUseID":"toolu_x","timestamp":"{{{Line.At(2)}}}","uuid":"{{{uuid}}}"}""";
}
