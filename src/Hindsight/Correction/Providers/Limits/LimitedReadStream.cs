using System.Diagnostics;

namespace Hindsight.Correction.Providers.Limits;

/// <summary>
/// A read-only stream over another that throws <see cref="ResponseLimitExceededException"/> once more than a cap of
/// bytes has come through or a deadline has passed, so a reader never buffers more than the cap. A pending read is
/// cancelled at the deadline, so a server that trickles bytes or stalls cannot hold the call past it.
/// </summary>
internal sealed class LimitedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _maxBytes;
    private readonly long _deadline;
    private readonly string _tooLarge;
    private readonly string _tooSlow;
    private long _read;

    /// <param name="deadline">A <see cref="Stopwatch.GetTimestamp"/> value after which reading fails.</param>
    internal LimitedReadStream(Stream inner, long maxBytes, long deadline, string tooLarge, string tooSlow)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _deadline = deadline;
        _tooLarge = tooLarge;
        _tooSlow = tooSlow;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfPastDeadline();
        return Count(_inner.Read(Bounded(buffer)));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfPastDeadline();
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _deadline);
        if (remaining < TimeSpan.FromMilliseconds(1)) remaining = TimeSpan.FromMilliseconds(1);
        using var deadline = new CancellationTokenSource(remaining);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return Count(await _inner.ReadAsync(Bounded(buffer), linked.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new ResponseLimitExceededException(_tooSlow) { TimedOut = true };
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // One byte past the cap is asked for, so an answer of exactly the cap passes and a longer one is caught.
    private Span<byte> Bounded(Span<byte> buffer) => buffer[..(int)Math.Min(buffer.Length, _maxBytes - _read + 1)];

    private Memory<byte> Bounded(Memory<byte> buffer) => buffer[..(int)Math.Min(buffer.Length, _maxBytes - _read + 1)];

    private int Count(int read)
    {
        _read += read;
        if (_read > _maxBytes) throw new ResponseLimitExceededException(_tooLarge);
        return read;
    }

    private void ThrowIfPastDeadline()
    {
        if (Stopwatch.GetTimestamp() >= _deadline) throw new ResponseLimitExceededException(_tooSlow) { TimedOut = true };
    }
}
