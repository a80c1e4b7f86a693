using System.Buffers;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// Streams a Gemini CLI chat document (<c>chats/session-*.json</c>) as its messages, each a "line" with its byte range in
/// the file, through one pooled buffer that grows only as far as the largest message (capped by
/// <c>--max-line-bytes</c>): a 500 MB chat is never held whole. The document's <c>sessionId</c> is handed to the parser
/// as it is met (Gemini CLI writes it before the messages). A document that does not parse to its end (cut off while
/// Gemini CLI rewrites it, or not JSON) throws <see cref="UnreadableDocumentException"/> after its messages were handed
/// on: the caller discards them (stage 1 commits a document in one transaction).
/// </summary>
public sealed class GeminiDocumentReader(int maxItemBytes, GeminiMessageParser? parser) : ILineReader
{
    private const int InitialBufferBytes = 256 * 1024;

    public async Task<JsonlReadResult> ReadAsync(
        Stream stream, long startOffset, long firstLineNumber, Func<JsonlLine, ValueTask> onLine,
        CancellationToken cancellationToken, ConsumedBytesObserver? consumed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(startOffset, 0L);
        var walk = new GeminiDocumentWalk(parser);
        var items = new List<(int Start, int Length)>();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxItemBytes));
        try
        {
            int start = 0, end = 0;     // buffer[start..end) holds bytes not yet walked
            long bufferOffset = 0;      // file offset of buffer[0]
            long lineNumber = firstLineNumber;
            bool eof = false;
            while (true)
            {
                if (!eof)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        bufferOffset += start;
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length) buffer = Grow(buffer, end, bufferOffset);
                    int read = await stream.ReadAsync(buffer.AsMemory(end, buffer.Length - end), cancellationToken).ConfigureAwait(false);
                    if (read == 0) eof = true; else end += read;
                }

                items.Clear();
                int walked = walk.Advance(buffer.AsSpan(start, end - start), eof, bufferOffset + start, items);
                foreach (var (itemStart, length) in items)
                {
                    long offset = bufferOffset + start + itemStart;
                    await onLine(new JsonlLine(lineNumber++, offset, offset + length, buffer.AsMemory(start + itemStart, length), length, false, null)).ConfigureAwait(false);
                }
                consumed?.Invoke(buffer.AsSpan(start, walked));
                start += walked;
                if (!eof) continue;
                if (!walk.Done) throw new UnreadableDocumentException(bufferOffset + start, "the document ends before its root object does (cut off mid-write)");
                // Whitespace after the root object is part of the document.
                consumed?.Invoke(buffer.AsSpan(start, end - start));
                return new JsonlReadResult(bufferOffset + end, lineNumber - firstLineNumber, 0, 0);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A unit (one message) fills the buffer: a bigger one, up to the cap.</summary>
    private byte[] Grow(byte[] buffer, int used, long bufferOffset)
    {
        if (buffer.Length >= maxItemBytes)
            throw new UnreadableDocumentException(bufferOffset, $"a message longer than {maxItemBytes:N0} bytes (--max-line-bytes)");
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxItemBytes));
        Buffer.BlockCopy(buffer, 0, bigger, 0, used);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
