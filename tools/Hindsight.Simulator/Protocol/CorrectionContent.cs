using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hindsight.Simulator;

/// <summary>Writes the assistant content {"corrections":[{"id","corrected"}, ...]} as a model would: unescaped Unicode.</summary>
internal static class CorrectionContent
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(IEnumerable<BatchItem> corrections)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("corrections");
            foreach (var correction in corrections)
            {
                writer.WriteStartObject();
                writer.WriteString("id", correction.Id);
                writer.WriteString("corrected", correction.Text);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
