using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Hashes a file's ingested range in blocks of <see cref="BlockBytes"/> while extraction reads it, so that a later
/// run can tell whether any byte of that range changed (a same-size rewrite in the middle included) by reading the
/// range once, without having kept it. XxHash128: this detects change, it does not resist an adversary, and it
/// costs a small fraction of reading the bytes.
/// </summary>
public sealed class BlockFingerprinter
{
    public const int BlockBytes = 1 << 20;

    private readonly XxHash128 _hash = new();
    private readonly List<BlockFingerprint> _closed = [];
    private long _blockIndex;

    /// <summary>The file offset just after the last byte appended.</summary>
    public long Offset { get; private set; }

    /// <summary>Feeds the next bytes of the file, in order.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            long blockEnd = (_blockIndex + 1) * BlockBytes;
            int take = (int)Math.Min(bytes.Length, blockEnd - Offset);
            _hash.Append(bytes[..take]);
            Offset += take;
            bytes = bytes[take..];
            if (Offset == blockEnd)
            {
                _closed.Add(new BlockFingerprint(_blockIndex, Offset, Hex(_hash.GetHashAndReset())));
                _blockIndex++;
            }
        }
    }

    /// <summary>Blocks completed since the last take, in order.</summary>
    public IReadOnlyList<BlockFingerprint> TakeClosed()
    {
        var closed = _closed.ToArray();
        _closed.Clear();
        return closed;
    }

    /// <summary>The block being filled, as far as it goes; null when the offset sits on a block boundary.</summary>
    public BlockFingerprint? Open => Offset > _blockIndex * BlockBytes ? new BlockFingerprint(_blockIndex, Offset, Hex(_hash.GetCurrentHash())) : null;

    /// <summary>What to store with a commit at <see cref="Offset"/>: completed blocks, then the open one.</summary>
    public IReadOnlyList<BlockFingerprint> Drain()
    {
        var blocks = new List<BlockFingerprint>(TakeClosed());
        if (Open is { } open) blocks.Add(open);
        return blocks;
    }

    /// <summary>
    /// Goes back to <paramref name="offset"/> (the reader saw a partial tail it did not ingest): blocks from the one
    /// holding the offset onwards are dropped, and that block is hashed again from the file, at most one block read.
    /// </summary>
    public async Task RewindAsync(SafeFileHandle handle, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Offset);
        long index = offset / BlockBytes;
        _closed.RemoveAll(b => b.Index >= index);
        _hash.Reset();
        _blockIndex = index;
        Offset = index * BlockBytes;
        await FeedFromAsync(handle, offset, cancellationToken);
    }

    /// <summary>Reads the file from <see cref="Offset"/> up to <paramref name="end"/> into the hash. False if the file is shorter.</summary>
    public async Task<bool> FeedFromAsync(SafeFileHandle handle, long end, CancellationToken cancellationToken, Func<BlockFingerprint, bool>? onClosed = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            while (Offset < end)
            {
                int want = (int)Math.Min(buffer.Length, end - Offset);
                int read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), Offset, cancellationToken);
                if (read == 0) return false;
                Append(buffer.AsSpan(0, read));
                if (onClosed is not null)
                {
                    foreach (var block in TakeClosed())
                        if (!onClosed(block)) return false;
                }
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
