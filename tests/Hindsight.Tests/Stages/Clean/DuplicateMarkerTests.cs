namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// The duplicate rules of stage 2 (<c>DuplicateMarker</c>), one test per rule, each with a near miss that must stay
/// unmarked: hand-written lines in, <c>messages</c>' duplicate marks out.
/// </summary>
public sealed class DuplicateMarkerTests
{
    private const string Original = "0a0a0a0a-0000-4000-8000-00000000000a";
    private const string Resumed = "0b0b0b0b-0000-4000-8000-00000000000b";

    [Fact]
    public async Task A_line_a_resumed_session_replays_is_a_resumed_replay_of_the_session_that_started_first_and_the_same_text_under_a_new_uuid_is_not()
    {
        using var corpus = new CleanedTranscripts();
        // The resumed file's path sorts first: only the start times can make the original the one kept.
        corpus.File($"-home-ana-shop/f-original-{Original}.jsonl",
                Line.User("u-1", Original, 0, "find the rounding bug"),
                Line.Assistant("a-1", Original, 1, "msg_a1", "req_a1", 20, parent: "u-1"),
                Line.User("u-2", Original, 5, "now add a test", parent: "a-1"))
            .File($"-home-ana-shop/a-resumed-{Resumed}.jsonl",
                Line.User("u-2", Original, 5, "now add a test", parent: "a-1"),
                Line.User("u-3", Resumed, 3600, "find the rounding bug", parent: "u-2"));

        await corpus.CleanAsync();
        var marks = await corpus.DuplicateMarksAsync();

        Assert.Equal($"resumed_replay -> -home-ana-shop/f-original-{Original}.jsonl:3", marks[$"-home-ana-shop/a-resumed-{Resumed}.jsonl:1"]);
        Assert.Equal("none", marks[$"-home-ana-shop/f-original-{Original}.jsonl:3"]);
        Assert.Equal("none", marks[$"-home-ana-shop/a-resumed-{Resumed}.jsonl:2"]);
        Assert.Single(marks.Values, m => m != "none");
    }

    [Fact]
    public async Task A_sidechain_line_repeating_a_main_chain_message_under_another_request_is_a_sidechain_replay_and_a_main_chain_one_is_not()
    {
        using var corpus = new CleanedTranscripts();
        corpus.File($"-home-ana-shop/{Original}.jsonl",
                Line.User("u-1", Original, 0, "read the rule table"),
                Line.Assistant("a-1", Original, 1, "msg_shared", "req_main", 30, parent: "u-1"),
                Line.Assistant("a-2", Original, 9, "msg_shared", "req_retry", 30, parent: "a-1"))
            .File($"-home-ana-shop/{Original}/subagents/agent-aside_question-6ad6cd.jsonl",
                Line.Assistant("s-1", Original, 2, "msg_shared", "req_aside", 30, sidechain: true),
                Line.Assistant("s-2", Original, 3, "msg_own", "req_aside_2", 30, parent: "s-1", sidechain: true));

        await corpus.CleanAsync();
        var marks = await corpus.DuplicateMarksAsync();

        Assert.Equal($"sidechain_replay -> -home-ana-shop/{Original}.jsonl:2",
            marks[$"-home-ana-shop/{Original}/subagents/agent-aside_question-6ad6cd.jsonl:1"]);
        // Near misses: the sidechain's own message, and a main-chain line with the same message id under another request.
        Assert.Equal("none", marks[$"-home-ana-shop/{Original}/subagents/agent-aside_question-6ad6cd.jsonl:2"]);
        Assert.Equal("none", marks[$"-home-ana-shop/{Original}.jsonl:3"]);
        Assert.Single(marks.Values, m => m != "none");
    }

    [Fact]
    public async Task Steering_written_as_a_queue_operation_and_again_when_delivered_is_marked_on_the_queue_operation_only()
    {
        using var corpus = new CleanedTranscripts();
        var file = $"-home-ana-shop/{Original}.jsonl";
        corpus.File(file,
            Line.User("u-1", Original, 0, "run the linter"),
            Line.Queue(Original, 2, "enqueue", "also check the footer"),
            Line.QueuedCommand("q-1", Original, 4, "also check the footer", parent: "u-1"),
            Line.Queue(Original, 6, "enqueue", "also check the header"),
            Line.Queue(Original, 8, "enqueue", "run the linter"));

        await corpus.CleanAsync();
        var marks = await corpus.DuplicateMarksAsync();

        Assert.Equal($"steering_written_twice -> {file}:3", marks[$"{file}:2"]);
        Assert.Equal("none", marks[$"{file}:3"]);
        // Near misses: other text; and text typed as a prompt before it was queued (a prompt it became comes after).
        Assert.Equal("none", marks[$"{file}:4"]);
        Assert.Equal("none", marks[$"{file}:5"]);
        Assert.Equal("none", marks[$"{file}:1"]);
    }

    [Fact]
    public async Task Steering_queued_then_removed_is_marked_on_the_later_queue_operation_when_it_was_never_delivered()
    {
        using var corpus = new CleanedTranscripts();
        var file = $"-home-ana-shop/{Original}.jsonl";
        corpus.File(file,
            Line.User("u-1", Original, 0, "run the linter"),
            Line.Queue(Original, 2, "enqueue", "also check the footer"),
            Line.Queue(Original, 4, "remove", "also check the footer"),
            Line.Queue(Original, 6, "enqueue", "also check the footer, and the header"));

        await corpus.CleanAsync();
        var marks = await corpus.DuplicateMarksAsync();

        Assert.Equal($"steering_written_twice -> {file}:2", marks[$"{file}:3"]);
        Assert.Equal("none", marks[$"{file}:2"]);
        Assert.Equal("none", marks[$"{file}:4"]);
    }

    [Fact]
    public async Task A_line_without_uuid_copied_into_another_folder_is_a_copied_line_and_a_line_written_twice_in_one_file_is_not()
    {
        using var corpus = new CleanedTranscripts();
        var dequeue = Line.Queue(Original, 3, "dequeue");
        var original = $"-home-ana-shop/{Original}.jsonl";
        // A backup of the session's later lines under a folder whose path sorts first: the session's start decides.
        var copy = $"-home-ana-a-backup/{Original}.jsonl";
        corpus.File(original, Line.User("u-1", Original, 0, "run the linter"), dequeue, dequeue)
            .File(copy, dequeue, Line.Queue(Original, 9, "popAll"));

        await corpus.CleanAsync();
        var marks = await corpus.DuplicateMarksAsync();

        Assert.Equal($"copied_line -> {original}:2", marks[$"{copy}:1"]);
        Assert.Equal("none", marks[$"{original}:2"]);
        Assert.Equal("none", marks[$"{original}:3"]);
        // Near miss: a line without uuid of the same session and type but other bytes.
        Assert.Equal("none", marks[$"{copy}:2"]);
    }

    [Fact]
    public async Task A_line_two_rules_mark_takes_the_mark_of_the_rule_of_higher_precedence()
    {
        using var corpus = new CleanedTranscripts();
        var original = $"-home-ana-shop/{Original}.jsonl";
        var copy = $"-home-ana-a-backup/{Original}.jsonl";
        var enqueue = Line.Queue(Original, 2, "enqueue", "also check the footer");
        var delivered = Line.QueuedCommand("q-1", Original, 4, "also check the footer", parent: "u-1");
        corpus.File(original, Line.User("u-1", Original, 0, "run the linter"), enqueue, delivered)
            .File(copy, enqueue, delivered);

        await corpus.CleanAsync();
        var marks = await corpus.DuplicateMarksAsync();

        // The copied enqueue is both steering written twice (in its own file) and a copied line: steering wins.
        Assert.Equal($"steering_written_twice -> {copy}:2", marks[$"{copy}:1"]);
        Assert.Equal($"resumed_replay -> {original}:3", marks[$"{copy}:2"]);
        Assert.Equal($"steering_written_twice -> {original}:3", marks[$"{original}:2"]);
    }
}
