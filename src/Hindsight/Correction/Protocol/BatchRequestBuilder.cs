using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hindsight.Correction.Protocol;

/// <summary>Builds the user message and the response schema of the batch protocol.</summary>
public static class BatchRequestBuilder
{
    // Relaxed escaping keeps non-ASCII text (and the ⟦ ⟧ brackets) as-is: fewer tokens and what the model should copy.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The texts of one batch as its items, with ids "1".."n" in order: the one numbering both the request and the
    /// dry run's estimate use, so the estimate stays exact.
    /// </summary>
    public static BatchItem[] Number(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var items = new BatchItem[texts.Count];
        for (var index = 0; index < texts.Count; index++)
        {
            items[index] = new BatchItem((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), texts[index]);
        }

        return items;
    }

    /// <summary>The user message content: {"items":[{"id":"..","text":".."}, ...]}.</summary>
    public static string BuildUserContent(IReadOnlyList<BatchItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WriteString("id", item.Id);
                writer.WriteString("text", item.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The JSON schema of the expected answer, for providers that accept one.</summary>
    public static JsonElement ResponseSchema { get; } = JsonDocument.Parse(
        """
        {
          "type": "object",
          "properties": {
            "corrections": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "id": { "type": "string" },
                  "corrected": { "type": "string" }
                },
                "required": ["id", "corrected"],
                "additionalProperties": false
              }
            }
          },
          "required": ["corrections"],
          "additionalProperties": false
        }
        """).RootElement.Clone();
}
