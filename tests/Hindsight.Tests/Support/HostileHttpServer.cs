using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Support;

/// <summary>
/// A bare HTTP/1.1 server on 127.0.0.1 that answers every request through a test's own writer, byte for byte, so a
/// test can send what no well-behaved server would: a login page with 200, a gzip bomb, an endless chunked body,
/// absurd token counts. One request per connection (Connection: close). Counts the requests it answered.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<HostileRequest, Stream, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private int _requests;
    private long _bytesWritten;

    public HostileHttpServer(Func<HostileRequest, Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The base URL to give `--base-url`.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Bytes of response the server managed to write (what the client accepted before it hung up).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_gate) _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await HostileRequest.ReadAsync(stream, _stop.Token);
                if (request is null) return;
                Interlocked.Increment(ref _requests);
                await _respond(request, new CountingStream(stream, this), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up (as it should on a hostile answer) or the server is stopping.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] connections;
        lock (_gate) connections = [.. _connections];
        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>Writes a complete response with a Content-Length.</summary>
    public static async Task WriteAsync(Stream stream, int status, string contentType, byte[] body, CancellationToken cancellationToken, string extraHeaders = "")
    {
        var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    /// <summary>
    /// A well-formed chat completion answering the batch protocol: every item returned as sent (so it ends unchanged),
    /// with the given usage object (raw JSON) or none.
    /// </summary>
    public static byte[] EchoCompletion(HostileRequest request, string? usageJson)
    {
        var corrections = new JsonArray();
        foreach (var item in request.BatchItems()) corrections.Add(new JsonObject { ["id"] = item.Id, ["corrected"] = item.Text });
        var content = new JsonObject { ["corrections"] = corrections }.ToJsonString();
        return Completion(content, usageJson);
    }

    /// <summary>A well-formed chat completion whose message content is <paramref name="content"/>.</summary>
    public static byte[] Completion(string content, string? usageJson)
    {
        var usage = usageJson is null ? "" : $",\"usage\":{usageJson}";
        return Encoding.UTF8.GetBytes(
            $$"""{"id":"chatcmpl-hostile","object":"chat.completion","created":1767225600,"model":"hostile","choices":[{"index":0,"message":{"role":"assistant","content":{{JsonSerializer.Serialize(content)}}},"finish_reason":"stop"}]{{usage}}}""");
    }

    private sealed class CountingStream(Stream inner, HostileHttpServer owner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Interlocked.Add(ref owner._bytesWritten, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Interlocked.Add(ref owner._bytesWritten, buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
