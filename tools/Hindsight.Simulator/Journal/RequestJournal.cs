using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Hindsight.Simulator;

/// <summary>
/// Keeps what the simulator received: the most recent requests in memory, and every request as one
/// JSON line in the log file when one is set. Lines go through a channel to a single writer that
/// flushes whenever it has caught up, so request handlers never wait on the disk nor on each other.
/// Only the Authorization header's presence is ever stored, never its value.
/// </summary>
internal sealed class RequestJournal : IAsyncDisposable
{
    private readonly int _kept;
    private readonly Queue<ReceivedRequest> _recent = new();
    private readonly Lock _recentGate = new();
    private readonly Channel<string>? _lines;
    private readonly Task _writer = Task.CompletedTask;

    private RequestJournal(int kept, FileStream? log)
    {
        _kept = kept;
        if (log is not null)
        {
            _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
            _writer = WriteLinesAsync(_lines.Reader, log);
        }
    }

    public static RequestJournal Open(string? logPath, int kept)
    {
        if (string.IsNullOrEmpty(logPath))
        {
            return new RequestJournal(kept, log: null);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(logPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024, useAsync: true);
        return new RequestJournal(kept, log);
    }

    public void Record(ReceivedRequest request)
    {
        lock (_recentGate)
        {
            _recent.Enqueue(request);
            while (_recent.Count > _kept)
            {
                _recent.Dequeue();
            }
        }
        _lines?.Writer.TryWrite(ToJsonLine(request));
    }

    public IReadOnlyList<ReceivedRequest> Snapshot()
    {
        lock (_recentGate)
        {
            return [.. _recent];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines?.Writer.TryComplete();
        await _writer;
    }

    private static string ToJsonLine(ReceivedRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CorrectionContent.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("received_at", request.ReceivedAt);
            writer.WriteString("path", request.Path);
            writer.WriteBoolean("had_authorization", request.HadAuthorization);
            writer.WriteNumber("status", request.Status);
            if (request.Fault is null)
            {
                writer.WriteNull("fault");
            }
            else
            {
                writer.WriteString("fault", request.Fault);
            }
            writer.WriteString("body", request.Body);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static async Task WriteLinesAsync(ChannelReader<string> lines, FileStream log)
    {
        await using (log)
        {
            while (await lines.WaitToReadAsync())
            {
                while (lines.TryRead(out var line))
                {
                    await log.WriteAsync(Encoding.UTF8.GetBytes(line));
                }
                await log.FlushAsync();
            }
        }
    }
}
