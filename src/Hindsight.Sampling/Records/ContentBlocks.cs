using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>The content blocks that user, assistant and tool-result lines all use: plain text and base64 images.</summary>
internal static class ContentBlocks
{
    /// <summary>A text block.</summary>
    public static void WriteText(Utf8JsonWriter w, ReadOnlySpan<char> text)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary>An image block; every one is counted, wherever it appears.</summary>
    public static void WriteImage(Utf8JsonWriter w, ReadOnlySpan<char> data, CorpusCounters counters)
    {
        w.WriteStartObject();
        w.WriteString("type", "image");
        w.WritePropertyName("source");
        w.WriteStartObject();
        w.WriteString("type", "base64");
        w.WriteString("media_type", "image/png");
        w.WriteString("data", data);
        w.WriteEndObject();
        w.WriteEndObject();
        counters.CountKind("block/image");
    }
}
