using System.Text;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Sources.ClaudeCode;

/// <summary>The rules of the one-walk parser that a line of today's format never exercises.</summary>
public sealed class TranscriptLineParserEdgeCaseTests
{
    private static ParsedLine ParseLine(string json, bool keepRaw = true, ILineShapeObserver? observer = null)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return TranscriptLineParser.Parse("f", new JsonlLine(1, 0, bytes.Length + 1, bytes, bytes.Length, false, null), keepRaw, observer);
    }

    private static TranscriptRecord Record(string json) =>
        ParseLine(json).Record ?? throw new InvalidOperationException("not a record: " + ParseLine(json).DeadLetter?.Detail);

    private static DeadLetter Dead(string json) => ParseLine(json).DeadLetter ?? throw new InvalidOperationException("not a dead letter");

    [Fact]
    public void A_duplicated_key_counts_by_its_last_occurrence_even_when_that_one_has_the_wrong_type()
    {
        Assert.Equal("user", Record("""{"type":5,"type":"user"}""").Type);
        Assert.Equal(DeadLetterReason.MissingType, Dead("""{"type":"user","type":5}""").Reason);

        var record = Record("""{"type":"user","message":{"id":"m1","role":"user","content":"hi"},"message":{"role":"assistant"}}""");
        Assert.Equal((null, "assistant"), (record.MessageId, record.MessageRole));
        Assert.Empty(record.Blocks);
    }

    [Fact]
    public void A_field_of_the_wrong_type_reads_as_absent()
    {
        var record = Record("""
            {"type":"assistant","isSidechain":"true","timestamp":17,"uuid":["u"],"costUSD":"0.1","message":{"id":5,"usage":{"input_tokens":"12","output_tokens":1.5,"cache_read_input_tokens":-3,"cache_creation_input_tokens":1099511627777}}}
            """);

        Assert.Equal((null, null, null, null, null), (record.IsSidechain, record.Timestamp, record.Uuid, record.CostUsd, record.MessageId));
        Assert.Equal(new TokenCounts(null, null, null, null, null, null, null), record.Usage);
        Assert.Null(Record("""{"type":"assistant","message":{"usage":5}}""").Usage);
    }

    [Fact]
    public void The_type_may_come_after_the_content_it_decides_on()
    {
        var record = Record("""{"content":[{"text":"steer","type":"text"}],"operation":"enqueue","type":"queue-operation"}""");

        Assert.Equal("enqueue", record.Subtype);
        Assert.Equal([new TranscriptContentBlock(0, "text", "steer", null, null, null, null, null, null)], record.Blocks);
    }

    [Fact]
    public void An_unpaired_surrogate_becomes_a_replacement_character_and_the_raw_line_is_kept_as_written()
    {
        const string line = """{"type":"user","sessionId":"cut \ud83d","cwd":"whole \ud83d\ude00","message":{"content":"x \udc00"}}""";

        var record = Record(line);

        Assert.Equal(("cut \uFFFD", "whole \U0001F600", "x \uFFFD"), (record.SessionId, record.Cwd, record.Blocks[0].Text));
        Assert.Equal(Encoding.UTF8.GetBytes(line), record.Raw);
    }

    [Fact]
    public void An_escaped_nul_becomes_a_replacement_character_in_texts_and_ids_but_not_in_raw_json()
    {
        var record = Record("""{"type":"assistant","uuid":"a\u0000b","message":{"content":[{"type":"text","text":"x\u0000y"},{"type":"tool_use","name":"Bash","input":{"c":"\u0000"}}]}}""");

        Assert.Equal(("a\uFFFDb", "x\uFFFDy"), (record.Uuid, record.Blocks[0].Text));
        Assert.Equal("""{"c":"\u0000"}""", record.Blocks[1].ToolInput);
    }

    [Fact]
    public void A_line_nested_deeper_than_the_maximum_depth_is_a_dead_letter_and_one_within_it_is_a_record()
    {
        static string Nested(int arrays) => "{\"type\":\"user\",\"x\":" + new string('[', arrays) + new string(']', arrays) + "}";

        Assert.Equal("user", Record(Nested(TranscriptLineParser.MaxJsonDepth - 1)).Type);
        var dead = Dead(Nested(TranscriptLineParser.MaxJsonDepth));
        Assert.Equal(DeadLetterReason.InvalidJson, dead.Reason);
        Assert.Contains("depth", dead.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_whole_line_is_validated_before_it_is_judged_an_object_or_not()
    {
        Assert.Equal(DeadLetterReason.InvalidJson, Dead("""{"type":"user"} x""").Reason);
        Assert.Equal(DeadLetterReason.InvalidJson, Dead("""[1,2] {""").Reason);
        var array = Dead("[1,2]");
        Assert.Equal((DeadLetterReason.NotAnObject, "a JSON array, not an object"), (array.Reason, array.Detail));
        Assert.Equal(DeadLetterReason.MissingType, Dead("""{"type":""}""").Reason);
    }

    [Fact]
    public void The_text_parts_of_a_tool_result_array_are_joined_by_newlines_and_other_parts_skipped()
    {
        var record = Record("""
            {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,"content":[{"type":"text","text":"one"},{"type":"image","source":{}},"loose",{"text":"two","type":"text"},{"type":"text","text":3}]},{"type":"tool_result","content":[{"type":"image"}]}]}}
            """);

        Assert.Equal(new TranscriptContentBlock(0, "tool_result", "one\ntwo", null, "t1", null, true, null, null), record.Blocks[0]);
        Assert.Null(record.Blocks[1].Text);
    }

    [Theory]
    [InlineData("QUJD", 3L)]
    [InlineData("QUI=", 2L)]
    [InlineData("QQ==", 1L)]
    [InlineData("QQ\\u003d\\u003d", 1L)]
    public void An_image_keeps_its_media_type_and_the_decoded_size_of_its_data(string data, long bytes)
    {
        var record = Record("""{"type":"user","message":{"content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"DATA"}}]}}""".Replace("DATA", data, StringComparison.Ordinal));

        Assert.Equal(new TranscriptContentBlock(0, "image", null, null, null, null, null, "image/png", bytes), record.Blocks[0]);
    }

    [Fact]
    public void Content_elements_that_are_not_objects_are_text_or_unknown_with_their_json()
    {
        var blocks = Record("""{"type":"user","message":{"content":["plain",5,[1, 2],null]}}""").Blocks;

        Assert.Equal(["text:plain", "unknown:5", "unknown:[1, 2]", "unknown:null"], blocks.Select(b => $"{b.BlockType}:{b.Text}"));
    }

    [Fact]
    public void The_raw_line_is_a_copy_that_outlives_the_readers_buffer()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"user"}""");
        var record = TranscriptLineParser.Parse("f", new JsonlLine(1, 0, bytes.Length + 1, bytes, bytes.Length, false, null)).Record!;

        bytes[9] = (byte)'X';

        Assert.Equal("""{"type":"user"}""", Encoding.UTF8.GetString(record.Raw));
        Assert.Empty(ParseLine("""{"type":"user"}""", keepRaw: false).Record!.Raw);
    }

    [Fact]
    public void The_field_inventory_counts_the_keys_of_records_only_to_its_depth_and_element_bounds()
    {
        var profile = new FileProfile();
        var inventory = new FieldInventory(profile);

        ParseLine("""{"type":"user","a":[{"e0":1},{"e1":1},{"e2":1},{"e3":1},{"e4":1}],"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":1}}}}}}}}}""", observer: inventory);
        ParseLine("""{"nottype":"user","dead":1}""", observer: inventory);
        ParseLine("""{"type":"user","dead":""", observer: inventory);

        Assert.Equal(["type", "a", "b"], profile.TopLevelFields.Keys);
        Assert.Equal(["a[].e0", "a[].e1", "a[].e2", "a[].e3", "b.c", "b.c.d", "b.c.d.e", "b.c.d.e.f", "b.c.d.e.f.g", "b.c.d.e.f.g.h", "b.c.d.e.f.g.h.i"], profile.NestedFields.Keys);
    }
}
