using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// Assistant lines: an API response streamed one content block a line, a client-side error line, and the assistant
/// line a file can end inside (the partial tail).
/// </summary>
internal sealed class AssistantRecords(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;
    private ClaudeVersion Version => chain.Version;

    /// <summary>
    /// Writes one API response the way Claude Code streams it: one line per content block, all with the same
    /// message.id and requestId, the same input and cache usage, and either the final output count on every line or
    /// a 1-9 placeholder on the early lines and the final count (and final usage shape) on the last one.
    /// </summary>
    public void WriteApiMessage(IReadOnlyList<PlannedBlock> blocks, string stopReason)
    {
        var messageId = Ids.MessageId(Random);
        var requestId = chain.Gateway ? null : Ids.RequestId(Random);
        var final = ApiUsage.Next(chain, blocks);
        var placeholders = blocks.Count > 1 && Random.Chance(Version.Era switch
        {
            TranscriptEra.V10 => 0.3,
            TranscriptEra.V20 => 0.2,
            _ => 0.65,
        });
        for (var i = 0; i < blocks.Count; i++)
        {
            var last = i == blocks.Count - 1;
            var usage = placeholders && !last ? final with { Output = Random.Next(1, 10) } : final;
            var fullShape = !placeholders || last;
            chain.Tick(300, 2500);
            var uuid = Ids.Uuid(Random);
            if (blocks[i].Tool is { } tool)
            {
                tool.AssistantUuid = uuid;
            }
            var w = chain.BeginChainLine(chain.LastUuid);
            w.WritePropertyName("message");
            w.WriteStartObject();
            if (Version.Era == TranscriptEra.V10)
            {
                w.WriteString("id", messageId);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteString("model", chain.Model);
            }
            else
            {
                w.WriteString("model", chain.Model);
                w.WriteString("id", messageId);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
            }
            w.WritePropertyName("content");
            w.WriteStartArray();
            WriteBlock(w, blocks[i]);
            w.WriteEndArray();
            if (placeholders && !last)
            {
                w.WriteNull("stop_reason");
            }
            else
            {
                w.WriteString("stop_reason", stopReason);
            }
            w.WriteNull("stop_sequence");
            if (Version.IsModern)
            {
                w.WriteNull("stop_details");
            }
            ApiUsage.Write(w, usage, fullShape, Version);
            w.WriteEndObject();
            if (requestId is not null)
            {
                w.WriteString("requestId", requestId);
            }
            w.WriteString("type", "assistant");
            chain.WriteStamp(w, uuid);
            chain.EndChainLine(w, "assistant", uuid);
            Out.Counters.NaiveTokens.Add(usage);
        }
        chain.ContextTokens = final.CacheRead + final.CacheCreation + final.Input + final.Output;
        chain.PendingContextTokens = 0;
        if (chain.Origin is { } origin)
        {
            origin.ApiMessages++;
            origin.SplitApiMessages += blocks.Count > 1 ? 1 : 0;
            origin.ApiMessagesWithoutRequestId += requestId is null ? 1 : 0;
            origin.AddModelTokens(chain.Model, final);
        }
    }

    /// <summary>A client-side error line: model &lt;synthetic&gt;, zero usage, no requestId (docs §2.2).</summary>
    public void WriteSyntheticError()
    {
        chain.Tick(1000, 30000);
        var uuid = Ids.Uuid(Random);
        var w = chain.BeginChainLine(chain.LastUuid);
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("id", Ids.Uuid(Random));
        w.WriteNull("container");
        w.WriteString("model", Models.Synthetic);
        w.WriteString("role", "assistant");
        w.WriteString("stop_reason", "stop_sequence");
        w.WriteString("stop_sequence", string.Empty);
        w.WriteString("type", "message");
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("input_tokens", 0);
        w.WriteNumber("output_tokens", 0);
        w.WriteNumber("cache_creation_input_tokens", 0);
        w.WriteNumber("cache_read_input_tokens", 0);
        w.WritePropertyName("server_tool_use");
        w.WriteStartObject();
        w.WriteNumber("web_search_requests", 0);
        w.WriteNumber("web_fetch_requests", 0);
        w.WriteEndObject();
        w.WriteNull("service_tier");
        w.WriteEndObject();
        w.WritePropertyName("content");
        w.WriteStartArray();
        ContentBlocks.WriteText(w, Random.Next(3) switch
        {
            0 => "API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
            1 => "API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
            _ => "API Error: Request timed out.",
        });
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("type", "assistant");
        chain.WriteStamp(w, uuid);
        w.WriteBoolean("isApiErrorMessage", true);
        chain.EndChainLine(w, "assistant", uuid);
        Out.Counters.CountKind("assistant/synthetic");
        if (chain.Origin is { } origin)
        {
            origin.ApiMessages++;
            origin.SyntheticMessages++;
            origin.ApiMessagesWithoutRequestId++;
        }
    }

    /// <summary>An assistant line cut off mid-write: the file ends inside it, without a newline.</summary>
    public void WritePartialTail()
    {
        chain.Tick(300, 3000);
        var uuid = Ids.Uuid(Random);
        var w = chain.BeginChainLine(chain.LastUuid);
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("model", chain.Model);
        w.WriteString("id", Ids.MessageId(Random));
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WritePropertyName("content");
        w.WriteStartArray();
        ContentBlocks.WriteText(w, CorpusPlanner.Paragraph(Random, 3));
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteEndObject();
        w.WriteString("type", "assistant");
        chain.WriteStamp(w, uuid);
        w.WriteEndObject();
        Out.EndAsPartialTail();
    }

    /// <summary>One content block of a response (thinking, text or tool_use), counted by kind.</summary>
    private void WriteBlock(Utf8JsonWriter w, in PlannedBlock block)
    {
        w.WriteStartObject();
        switch (block.Kind)
        {
            case BlockKind.Thinking:
                w.WriteString("type", "thinking");
                w.WriteString("thinking", block.Text);
                w.WriteString("signature", chain.Context.Base64(Random, block.Text.Length == 0 ? Random.Next(1200, 9000) : Random.Next(300, 1500)));
                Out.Counters.CountKind(block.Text.Length == 0 ? "block/thinking_empty" : "block/thinking");
                break;
            case BlockKind.Text:
                w.WriteString("type", "text");
                w.WriteString("text", block.Text);
                Out.Counters.CountKind("block/text");
                break;
            default:
                var tool = block.Tool!;
                w.WriteString("type", "tool_use");
                w.WriteString("id", tool.Id);
                w.WriteString("name", tool.Name);
                w.WritePropertyName("input");
                ToolInputs.Write(w, tool, Random);
                if (Version.IsModern)
                {
                    w.WritePropertyName("caller");
                    w.WriteStartObject();
                    w.WriteString("type", "direct");
                    w.WriteEndObject();
                }
                Out.Counters.CountKind("block/tool_use");
                break;
        }
        w.WriteEndObject();
    }
}
