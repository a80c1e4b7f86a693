using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// A <c>.jsonl</c> chat, read line by line like any JSONL file (appended while live, a partial last line left for the
/// next run). Its first line is the session's header (<c>{sessionId, projectHash, startTime, ...}</c>); a read that
/// starts after it (an append) reads the header first, so every line of the file gets the same session.
/// </summary>
public sealed class GeminiJsonlReader(int maxLineBytes, GeminiMessageParser? parser) : ILineReader
{
    /// <summary>A header is a few hundred bytes; one that does not end within this is no header.</summary>
    private const int HeaderBytes = 64 * 1024;

    public async Task<JsonlReadResult> ReadAsync(
        Stream stream, long startOffset, long firstLineNumber, Func<JsonlLine, ValueTask> onLine,
        CancellationToken cancellationToken, ConsumedBytesObserver? consumed = null)
    {
        if (startOffset > 0 && parser is not null)
        {
            var head = new byte[(int)Math.Min(HeaderBytes, startOffset)];
            stream.Seek(0, SeekOrigin.Begin);
            int read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            int newline = head.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline > 0) parser.SeeSessionId(SessionIdOf(head.AsSpan(0, newline)));
        }
        return await new JsonlLineReader(maxLineBytes).ReadAsync(stream, startOffset, firstLineNumber, onLine, cancellationToken, consumed).ConfigureAwait(false);
    }

    /// <summary>The <c>sessionId</c> of a header line, or null when the line is not one.</summary>
    internal static string? SessionIdOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSession = reader.ValueTextEquals("sessionId"u8);
                reader.Read();
                if (isSession && reader.TokenType == JsonTokenType.String) return reader.GetString();
                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not a header: the lines keep the file's own session.
        }
        return null;
    }
}
