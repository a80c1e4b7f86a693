using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Two small hashes that tell whether the part of a file already ingested is still the same: the
/// first 64 KiB and the 64 KiB just before the ingested offset. Reading 128 KiB instead of the whole
/// prefix keeps a re-run cheap; Claude Code only ever appends, so a rewrite shows up in one of them
/// or in the size.
/// </summary>
public static class PrefixFingerprint
{
    public const int WindowBytes = 64 * 1024;

    /// <summary>The fingerprint of a file ingested up to offset 0 (both windows empty), computed without opening it.</summary>
    public static (string Head, string Boundary) OfEmptyPrefix { get; } =
        (Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty)), Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty)));

    public static async Task<(string Head, string Boundary)> ComputeAsync(string path, long offset, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        return await ComputeAsync(handle, offset, cancellationToken);
    }

    public static async Task<(string Head, string Boundary)> ComputeAsync(SafeFileHandle handle, long offset, CancellationToken cancellationToken)
    {
        var buffer = new byte[WindowBytes];
        int headLength = (int)Math.Min(WindowBytes, offset);
        string head = await HashRangeAsync(handle, 0, headLength, buffer, cancellationToken);
        long boundaryStart = Math.Max(0, offset - WindowBytes);
        string boundary = await HashRangeAsync(handle, boundaryStart, (int)(offset - boundaryStart), buffer, cancellationToken);
        return (head, boundary);
    }

    private static async Task<string> HashRangeAsync(SafeFileHandle handle, long start, int length, byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < length)
        {
            int read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled, length - filled), start + filled, cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        // A short read means the file is now shorter than the range: the hash will not match, as it should not.
        return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, filled))) + (filled < length ? "-short" : "");
    }
}
