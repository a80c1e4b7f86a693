using System.Text.Json;

namespace Hindsight.Sampling;

internal sealed partial class Conversation
{
    /// <summary>
    /// Writes one API response the way Claude Code streams it: one line per content block, all with the same
    /// message.id and requestId, the same input and cache usage, and either the final output count on every line or
    /// a 1-9 placeholder on the early lines and the final count (and final usage shape) on the last one.
    /// </summary>
    public void WriteApiMessage(IReadOnlyList<PlannedBlock> blocks, string stopReason)
    {
        var messageId = Ids.MessageId(Random);
        var requestId = Gateway ? null : Ids.RequestId(Random);
        var final = NextUsage(blocks);
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
            Tick(300, 2500);
            var uuid = Ids.Uuid(Random);
            if (blocks[i].Tool is { } tool)
            {
                tool.AssistantUuid = uuid;
            }
            var w = BeginChainLine(LastUuid);
            w.WritePropertyName("message");
            w.WriteStartObject();
            if (Version.Era == TranscriptEra.V10)
            {
                w.WriteString("id", messageId);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteString("model", Model);
            }
            else
            {
                w.WriteString("model", Model);
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
            WriteUsage(w, usage, fullShape);
            w.WriteEndObject();
            if (requestId is not null)
            {
                w.WriteString("requestId", requestId);
            }
            w.WriteString("type", "assistant");
            WriteStamp(w, uuid);
            EndChainLine(w, "assistant", uuid);
            Out.Counters.NaiveTokens.Add(usage);
        }
        ContextTokens = final.CacheRead + final.CacheCreation + final.Input + final.Output;
        PendingContextTokens = 0;
        if (Origin is { } origin)
        {
            origin.ApiMessages++;
            origin.SplitApiMessages += blocks.Count > 1 ? 1 : 0;
            origin.ApiMessagesWithoutRequestId += requestId is null ? 1 : 0;
            origin.AddModelTokens(Model, final);
        }
    }

    /// <summary>A client-side error line: model &lt;synthetic&gt;, zero usage, no requestId (docs §2.2).</summary>
    public void WriteSyntheticError()
    {
        Tick(1000, 30000);
        var uuid = Ids.Uuid(Random);
        var w = BeginChainLine(LastUuid);
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
        WriteTextBlock(w, Random.Next(3) switch
        {
            0 => "API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
            1 => "API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
            _ => "API Error: Request timed out.",
        });
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("type", "assistant");
        WriteStamp(w, uuid);
        w.WriteBoolean("isApiErrorMessage", true);
        EndChainLine(w, "assistant", uuid);
        Out.Counters.CountKind("assistant/synthetic");
        if (Origin is { } origin)
        {
            origin.ApiMessages++;
            origin.SyntheticMessages++;
            origin.ApiMessagesWithoutRequestId++;
        }
    }

    private UsageNumbers NextUsage(IReadOnlyList<PlannedBlock> blocks)
    {
        long output = Random.Next(8, 40);
        foreach (var block in blocks)
        {
            output += block.Kind switch
            {
                BlockKind.Thinking when block.Text.Length == 0 => Random.Next(80, 2500),
                BlockKind.ToolUse => block.Tool!.InputCharacters / 4 + 20,
                _ => block.Text.Length / 4,
            };
        }
        long cacheRead = ContextTokens;
        var cacheCreation = PendingContextTokens;
        if (ContextTokens == 0)
        {
            // First call: the system prompt and tools, sometimes already cached by another session.
            cacheRead = Random.Chance(0.5) ? Random.Next(11_000, 15_000) : 0;
            cacheCreation += Random.Next(4_000, 20_000);
        }
        cacheCreation = Math.Max(cacheCreation, Random.Next(20, 400));
        long input = Random.Chance(0.05) ? Random.Next(100, 3000) : Random.Next(1, 10);
        var oneHour = Version.AtLeast(2, 1, 39);
        return new UsageNumbers(
            input,
            Math.Max(10, output),
            cacheCreation,
            cacheRead,
            oneHour ? 0 : cacheCreation,
            oneHour ? cacheCreation : 0);
    }

    private void WriteUsage(Utf8JsonWriter w, in UsageNumbers usage, bool fullShape)
    {
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("input_tokens", usage.Input);
        w.WriteNumber("cache_creation_input_tokens", usage.CacheCreation);
        w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        if (Version.IsModern && fullShape)
        {
            // The final 2.1.7x usage object: server tool counters, iterations and speed appear only here.
            w.WriteNumber("output_tokens", usage.Output);
            w.WritePropertyName("server_tool_use");
            w.WriteStartObject();
            w.WriteNumber("web_search_requests", 0);
            w.WriteNumber("web_fetch_requests", 0);
            w.WriteEndObject();
            w.WriteString("service_tier", "standard");
            w.WritePropertyName("cache_creation");
            w.WriteStartObject();
            w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1h);
            w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreation5m);
            w.WriteEndObject();
            w.WriteString("inference_geo", string.Empty);
            w.WritePropertyName("iterations");
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteNumber("input_tokens", usage.Input);
            w.WriteNumber("output_tokens", usage.Output);
            w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
            w.WriteNumber("cache_creation_input_tokens", usage.CacheCreation);
            w.WritePropertyName("cache_creation");
            w.WriteStartObject();
            w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreation5m);
            w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1h);
            w.WriteEndObject();
            w.WriteString("type", "message");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("speed", "standard");
            w.WriteEndObject();
            return;
        }
        if (Version.HasCacheCreationBreakdown)
        {
            w.WritePropertyName("cache_creation");
            w.WriteStartObject();
            w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreation5m);
            w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1h);
            w.WriteEndObject();
        }
        w.WriteNumber("output_tokens", usage.Output);
        w.WriteString("service_tier", "standard");
        if (Version.HasInferenceGeo)
        {
            w.WriteString("inference_geo", "not_available");
        }
        w.WriteEndObject();
    }

    private void WriteBlock(Utf8JsonWriter w, in PlannedBlock block)
    {
        w.WriteStartObject();
        switch (block.Kind)
        {
            case BlockKind.Thinking:
                w.WriteString("type", "thinking");
                w.WriteString("thinking", block.Text);
                w.WriteString("signature", Context.Base64(Random, block.Text.Length == 0 ? Random.Next(1200, 9000) : Random.Next(300, 1500)));
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
                WriteToolInput(w, tool);
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
