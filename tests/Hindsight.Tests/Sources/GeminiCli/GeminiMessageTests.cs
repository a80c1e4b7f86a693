using System.Text;
using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Sources.GeminiCli;

namespace Hindsight.Tests.Sources.GeminiCli;

/// <summary>A chat message as a record: usage as billed, blocks, and who typed it.</summary>
public sealed class GeminiMessageTests
{
    private static ParsedLine Parse(string json, string session = "file-session") =>
        new GeminiMessageParser(session).Parse("f", new JsonlLine(3, 10, 10 + json.Length, Encoding.UTF8.GetBytes(json), json.Length, false, null), keepRaw: true, observer: null);

    private static Classification Classify(TranscriptRecord record) => GeminiClassifier.Classify(new RecordToClassify
    {
        Type = record.Type,
        Role = record.MessageRole,
        Blocks = record.Blocks.Select(b => (b.BlockType, b.Text)).ToList(),
    });

    [Fact]
    public void Cached_tokens_are_inside_input_and_thoughts_are_output()
    {
        var record = Parse("""{"id":"m","type":"gemini","content":"ok","model":"gemini-2.5-pro","tokens":{"input":1000,"output":100,"cached":400,"thoughts":50,"tool":7,"total":1157}}""").Record!;
        Assert.Equal(new TokenCounts(607, 150, null, null, null, 400, null), record.Usage);
        // Nothing counted twice, nothing lost: the parts add up to Gemini's total.
        Assert.Equal(1157, record.Usage!.InputTokens + record.Usage.OutputTokens + record.Usage.CacheReadInputTokens);
        Assert.Equal("gemini-2.5-pro", record.MessageModel);
        Assert.Equal("assistant", record.MessageRole);
    }

    [Fact]
    public void Thoughts_tool_calls_and_their_inline_results_become_blocks_in_order()
    {
        var record = Parse("""
            {"id":"m","type":"gemini","content":"","thoughts":[{"subject":"Plan","description":"read it first"}],
             "toolCalls":[{"id":"c1","name":"read_file","args":{"file_path":"a.ts"},"status":"success",
               "result":[{"functionResponse":{"id":"c1","name":"read_file","response":{"output":"text of a.ts"}}}]}]}
            """.ReplaceLineEndings(" ")).Record!;
        Assert.Equal(["thinking", "text", "tool_use", "tool_result"], record.Blocks.Select(b => b.BlockType));
        Assert.Equal("Plan\nread it first", record.Blocks[0].Text);
        Assert.Equal(("read_file", "c1", """{"file_path":"a.ts"}"""), (record.Blocks[2].ToolName, record.Blocks[2].ToolUseId, record.Blocks[2].ToolInput));
        Assert.Equal(("text of a.ts", "c1"), (record.Blocks[3].Text, record.Blocks[3].ToolUseId));
        Assert.Equal(MessageKind.ToolCall, Classify(record).Kind);
    }

    [Fact]
    public void A_user_message_with_text_is_a_human_prompt_and_one_of_function_responses_a_tool_result()
    {
        var prompt = Parse("""{"id":"u","type":"user","content":[{"text":"fix the tset"}]}""").Record!;
        var classification = Classify(prompt);
        Assert.Equal((MessageKind.HumanPrompt, "fix the tset", PromptConfidence.High), (classification.Kind, classification.Text, classification.Confidence));

        var response = Parse("""{"id":"u2","type":"user","content":[{"functionResponse":{"id":"c1","name":"ls","response":{"output":"a b"}}}]}""").Record!;
        Assert.Equal(MessageKind.ToolResult, Classify(response).Kind);
        Assert.Equal(MessageKind.System, Classify(Parse("""{"id":"i","type":"info","content":"Request cancelled."}""").Record!).Kind);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_read_as_a_replacement_character_and_kept_as_written()
    {
        var line = """{"id":"u","type":"user","content":"and the emoji \ud83d?"}""";
        var record = Parse(line).Record!;
        Assert.Equal("and the emoji \uFFFD?", record.Blocks.Single().Text);
        Assert.Equal(line, Encoding.UTF8.GetString(record.Raw));
    }

    [Fact]
    public void A_jsonl_header_names_the_session_and_a_set_line_is_kept_as_metadata()
    {
        var parser = new GeminiMessageParser("file-session");
        JsonlLine Line(string json) => new(1, 0, json.Length, Encoding.UTF8.GetBytes(json), json.Length, false, null);
        var header = parser.Parse("f", Line("""{"sessionId":"bbbb","projectHash":"p","startTime":"2026-11-04T10:00:00.000Z"}"""), true, null).Record!;
        Assert.Equal((GeminiRecordTypes.SessionHeader, "bbbb"), (header.Type, header.SessionId));
        var set = parser.Parse("f", Line("""{"$set":{"lastUpdated":"2026-11-04T10:01:00.000Z"}}"""), true, null).Record!;
        Assert.Equal((GeminiRecordTypes.MetadataUpdate, "bbbb"), (set.Type, set.SessionId));
        Assert.Equal(MessageKind.Metadata, Classify(set).Kind);
        // An object with neither a type nor a header's fields is still a dead letter.
        Assert.Equal(DeadLetterReason.MissingType, parser.Parse("f", Line("""{"foo":1}"""), true, null).DeadLetter!.Reason);
    }
}
