using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Hindsight.Simulator;

/// <summary>The standard chat.completion object around the assistant content.</summary>
internal static class ChatCompletionBody
{
    public static string Write(string id, DateTimeOffset created, string model, string content, string finishReason, long promptTokens, long completionTokens)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CorrectionContent.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", created.ToUnixTimeSeconds());
            writer.WriteString("model", model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", content);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", finishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", promptTokens);
            writer.WriteNumber("completion_tokens", completionTokens);
            writer.WriteNumber("total_tokens", promptTokens + completionTokens);
            writer.WriteEndObject();
            writer.WriteString("system_fingerprint", "hindsight-simulator");
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
