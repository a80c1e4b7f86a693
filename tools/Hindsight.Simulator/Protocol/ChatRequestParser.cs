using System.Text;
using System.Text.Json;

namespace Hindsight.Simulator;

/// <summary>
/// Reads an OpenAI chat-completions body and the {"items":[{"id","text"}]} batch in its last user
/// message. Message content may be a string or an array of {"type":"text","text":...} parts, as the
/// OpenAI SDKs send it. Anything else is a <see cref="BadChatRequestException"/>.
/// </summary>
internal static class ChatRequestParser
{
    private const string BatchShape = """{"items":[{"id":"...","text":"..."}, ...]}""";

    public static ChatRequest Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new BadChatRequestException($"The request body is not valid JSON: {exception.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BadChatRequestException("The request body must be a JSON object.");
            }
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
            {
                throw new BadChatRequestException("You must provide a model parameter.");
            }
            if (root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
            {
                throw new BadChatRequestException("The simulator does not stream; send \"stream\": false or leave it out.");
            }
            CheckResponseFormat(root);
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                throw new BadChatRequestException("'messages' must be a non-empty array.");
            }

            long promptBytes = 0;
            string? lastUserContent = null;
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                {
                    throw new BadChatRequestException("Each message must be an object with a string 'role'.");
                }
                var content = ContentOf(message);
                promptBytes += Encoding.UTF8.GetByteCount(content);
                if (role.ValueEquals("user"))
                {
                    lastUserContent = content;
                }
            }
            if (lastUserContent is null)
            {
                throw new BadChatRequestException($"No user message: the last user message must be {BatchShape}.");
            }
            return new ChatRequest(model.GetString()!, TokenCount.OfBytes(promptBytes), ParseBatch(lastUserContent));
        }
    }

    private static void CheckResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (format.ValueKind != JsonValueKind.Object
            || !format.TryGetProperty("type", out var type)
            || !(type.ValueEquals("text") || type.ValueEquals("json_object") || type.ValueEquals("json_schema")))
        {
            throw new BadChatRequestException("'response_format.type' must be 'text', 'json_object' or 'json_schema'.");
        }
    }

    private static string ContentOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return "";
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new BadChatRequestException("A message's 'content' must be a string or an array of text parts.");
        }
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
            {
                text.Append(partText.GetString());
            }
            else
            {
                throw new BadChatRequestException("The simulator only understands text content parts.");
            }
        }
        return text.ToString();
    }

    private static List<BatchItem> ParseBatch(string userContent)
    {
        JsonDocument batch;
        try
        {
            batch = JsonDocument.Parse(userContent);
        }
        catch (JsonException)
        {
            throw new BadChatRequestException($"The user message is not JSON; it must be {BatchShape}.");
        }
        using (batch)
        {
            if (batch.RootElement.ValueKind != JsonValueKind.Object
                || !batch.RootElement.TryGetProperty("items", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                throw new BadChatRequestException($"The user message must be {BatchShape}.");
            }
            var parsed = new List<BatchItem>(items.GetArrayLength());
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    throw new BadChatRequestException($"Every item needs a string 'id' and a string 'text': {BatchShape}.");
                }
                parsed.Add(new BatchItem(id.GetString()!, text.GetString()!));
            }
            return parsed;
        }
    }
}
