using System.Buffers;

namespace Hindsight.Sampling;

/// <summary>A growable byte buffer on pooled arrays that, unlike ArrayBufferWriter, can be cut back (partial tails).</summary>
internal sealed class ByteBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(1 << 20);

    public int Count { get; private set; }

    public ReadOnlyMemory<byte> Written => _array.AsMemory(0, Count);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Count);

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(Count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(Count);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Count += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        Count++;
    }

    public void Truncate(int count) => Count = Math.Min(Count, count);

    public void Clear() => Count = 0;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
    }

    private void Ensure(int sizeHint)
    {
        var needed = Count + Math.Max(sizeHint, 256);
        if (needed <= _array.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, Count).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
