using System.Buffers;
using System.Security.Cryptography;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources;

/// <summary>
/// A document that does not parse, and is no longer being written (<see cref="DocumentRetry"/>), as one dead letter:
/// line 1 at offset 0, its reason and where it broke, its first 64 KiB, its length and SHA-256 streamed over the whole
/// file, and the whole document when it is no longer than its prefix.
/// </summary>
public static class DocumentDeadLetter
{
    public static async Task<DeadLetter> ReadAsync(DiscoveredFile file, UnreadableDocumentException error, CancellationToken cancellationToken)
    {
        await using var stream = TranscriptFileStream.OpenForReading(file);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var prefix = new byte[JsonlLineReader.TooLongPrefixBytes];
        int prefixLength = 0;
        long length = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                int take = Math.Min(read, prefix.Length - prefixLength);
                buffer.AsSpan(0, take).CopyTo(prefix.AsSpan(prefixLength));
                prefixLength += take;
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var kept = prefix[..prefixLength];
        return new DeadLetter(file.FileId, 1, 0, DeadLetterReason.InvalidJson, error.Message, kept, length, Convert.ToHexStringLower(hash.GetHashAndReset()))
        {
            Line = length == prefixLength ? kept : null,
            Agent = file.Agent,
        };
    }
}
