using System.Buffers;
using System.Security.Cryptography;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Streams the complete lines of a JSONL file from a byte offset without ever holding the file in
/// memory: one pooled buffer that grows only as far as the longest line (capped by
/// <see cref="MaxLineBytes"/>). Lines longer than the cap are skipped in a streaming fashion and
/// reported with their length, a prefix and a SHA-256, so a dead letter can describe them.
/// A last line without its newline is not returned: Claude Code may still be writing it, so it is
/// left for the next run and reported as a partial tail.
/// </summary>
public sealed class JsonlLineReader : ILineReader
{
    public const int DefaultMaxLineBytes = 64 * 1024 * 1024;
    public const int TooLongPrefixBytes = 64 * 1024;
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public int MaxLineBytes { get; }
    private readonly int _initialBufferBytes;

    public JsonlLineReader(int maxLineBytes = DefaultMaxLineBytes, int initialBufferBytes = 256 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1024);
        MaxLineBytes = maxLineBytes;
        _initialBufferBytes = Math.Min(initialBufferBytes, maxLineBytes);
    }

    /// <summary>
    /// Reads complete lines starting at <paramref name="startOffset"/> (which must be 0 or the start of
    /// a line) and calls <paramref name="onLine"/> for each non-blank one. Returns where the complete
    /// lines end, so the caller can resume from there next time.
    /// </summary>
    public async Task<JsonlReadResult> ReadAsync(
        Stream stream,
        long startOffset,
        long firstLineNumber,
        Func<JsonlLine, ValueTask> onLine,
        CancellationToken cancellationToken,
        ConsumedBytesObserver? consumed = null)
    {
        if (startOffset > 0) stream.Seek(startOffset, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(_initialBufferBytes);
        try
        {
            int start = 0, end = 0;            // buffer[start..end) holds unconsumed bytes
            long bufferOffset = startOffset;    // file offset of buffer[start]
            long lineNumber = firstLineNumber;
            long linesRead = 0;
            long blankLines = 0;
            bool atFileStart = startOffset == 0;
            bool eof = false;
            int scanFrom = 0;                   // bytes of buffer[start..end) already known to hold no '\n'

            while (true)
            {
                int newline = buffer.AsSpan(start + scanFrom, end - start - scanFrom).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    int lineLength = scanFrom + newline;
                    var line = buffer.AsMemory(start, lineLength);
                    int skip = 0;
                    if (atFileStart && line.Span.StartsWith(Utf8Bom)) skip = Utf8Bom.Length;
                    atFileStart = false;
                    var content = line[skip..];
                    if (content.Length > 0 && content.Span[^1] == (byte)'\r') content = content[..^1];
                    consumed?.Invoke(buffer.AsSpan(start, lineLength + 1));
                    if (!IsBlank(content.Span))
                        await onLine(new JsonlLine(lineNumber, bufferOffset + skip, bufferOffset + lineLength + 1, content, content.Length, false, null)).ConfigureAwait(false);
                    else
                        blankLines++;
                    linesRead++;
                    lineNumber++;
                    bufferOffset += lineLength + 1;
                    start += lineLength + 1;
                    scanFrom = 0;
                    continue;
                }

                scanFrom = end - start;
                if (eof)
                {
                    return new JsonlReadResult(bufferOffset, linesRead, blankLines, end - start);
                }

                if (end - start >= MaxLineBytes)
                {
                    // The line is longer than we are willing to hold: stream past it.
                    var skipped = await SkipLongLineAsync(stream, buffer, start, end, consumed, cancellationToken).ConfigureAwait(false);
                    if (skipped is null)
                    {
                        long tail = stream.CanSeek ? stream.Length - bufferOffset : end - start;
                        return new JsonlReadResult(bufferOffset, linesRead, blankLines, tail);
                    }
                    var (length, sha, prefix, restLength) = skipped.Value;
                    await onLine(new JsonlLine(lineNumber, bufferOffset, bufferOffset + length + 1, prefix, length, true, sha)).ConfigureAwait(false);
                    atFileStart = false;
                    linesRead++;
                    lineNumber++;
                    bufferOffset += length + 1;
                    // The bytes read past the long line's newline now sit at the buffer start.
                    start = 0; end = restLength; scanFrom = 0;
                    continue;
                }

                // Make room: compact, then grow if the pending line fills the buffer.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start; start = 0;
                }
                if (end == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Max(MaxLineBytes, buffer.Length + 1)));
                    Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read = await stream.ReadAsync(buffer.AsMemory(end, buffer.Length - end), cancellationToken).ConfigureAwait(false);
                if (read == 0) eof = true; else end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Consumes a line whose start sits in buffer[start..end) and which is longer than the cap.
    /// Returns its length, hash and prefix, and leaves any bytes after its newline at buffer[0..].
    /// Returns null when the file ends before the line does (a partial tail).
    /// </summary>
    private static async Task<(long Length, string Sha256, ReadOnlyMemory<byte> Prefix, int RestLength)?> SkipLongLineAsync(
        Stream stream, byte[] buffer, int start, int end, ConsumedBytesObserver? consumed, CancellationToken cancellationToken)
    {
        // The observer sees the bytes as they stream past. If the file ends before the line does, it has seen a partial
        // tail that is not part of the ingested range: the caller compares its offset with the result's and rewinds.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var prefix = buffer.AsSpan(start, Math.Min(TooLongPrefixBytes, end - start)).ToArray();
        hash.AppendData(buffer, start, end - start);
        consumed?.Invoke(buffer.AsSpan(start, end - start));
        long length = end - start;
        while (true)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken).ConfigureAwait(false);
            if (read == 0) return null;
            int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline < 0)
            {
                hash.AppendData(buffer, 0, read);
                consumed?.Invoke(buffer.AsSpan(0, read));
                length += read;
                continue;
            }
            hash.AppendData(buffer, 0, newline);
            consumed?.Invoke(buffer.AsSpan(0, newline + 1));
            length += newline;
            int rest = read - newline - 1;
            Buffer.BlockCopy(buffer, newline + 1, buffer, 0, rest);
            return (length, Convert.ToHexStringLower(hash.GetHashAndReset()), prefix, rest);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }
}
