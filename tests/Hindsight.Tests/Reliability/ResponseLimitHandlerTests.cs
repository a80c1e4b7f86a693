using System.IO.Compression;
using System.Text;
using Hindsight.Correction.Providers;
using Hindsight.Correction.Providers.Limits;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// The HTTP client stage 4 uses (with its <see cref="ResponseLimitHandler"/>), against hostile bodies from a small
/// server on 127.0.0.1, in-process and fast: each body is cut at the cap with a clear error, memory allocated while
/// reading stays a small multiple of the cap, and an answer exactly at the cap (compressed or not) still passes.
/// The same bodies against the real binary are in <see cref="HostileResponseSizeTests"/>.
/// </summary>
public sealed class ResponseLimitHandlerTests
{
    private const long Cap = 1L << 20;

    private static async Task<(ResponseLimitExceededException? Error, long Allocated, int Length)> ReadAsync(HostileHttpServer server)
    {
        using var client = OpenAICompatibleChatClientFactory.CreateHttpClient(4, new ResponseLimits(Cap, TimeSpan.FromSeconds(20)));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        try
        {
            var body = await client.GetByteArrayAsync(server.BaseUrl, TestContext.Current.CancellationToken);
            return (null, GC.GetTotalAllocatedBytes(precise: true) - before, body.Length);
        }
        catch (Exception exception) when (ResponseLimitExceededException.Find(exception) is { } limit)
        {
            return (limit, GC.GetTotalAllocatedBytes(precise: true) - before, 0);
        }
    }

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_decompressed_cap_without_allocating_the_gigabyte()
    {
        await using var server = new HostileHttpServer(HostileResponseSizeTests.GzipBombAsync);

        var (error, allocated, _) = await ReadAsync(server);

        Assert.NotNull(error);
        Assert.Contains("larger than 1 MiB once decompressed", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32 * Cap, $"{allocated:N0} bytes allocated to read a body capped at {Cap:N0}");
    }

    [Fact]
    public async Task An_endless_chunked_body_stops_at_the_cap()
    {
        await using var server = new HostileHttpServer(HostileResponseSizeTests.EndlessChunkedAsync);

        var (error, allocated, _) = await ReadAsync(server);

        Assert.NotNull(error);
        Assert.Contains("larger than 1 MiB; reading stopped there", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32 * Cap, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_is_refused_before_the_body_is_read()
    {
        await using var server = new HostileHttpServer(HostileResponseSizeTests.HundredMegabytes(declared: true));

        var (error, allocated, _) = await ReadAsync(server);

        Assert.NotNull(error);
        Assert.Contains("declares 100,000,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32 * Cap, $"{allocated:N0} bytes allocated");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_of_exactly_the_cap_passes_whole_plain_or_gzipped(bool gzipped)
    {
        var body = Encoding.ASCII.GetBytes(new string('x', (int)Cap));
        byte[] wire = body;
        if (gzipped)
        {
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
            wire = compressed.ToArray();
        }
        await using var server = new HostileHttpServer(async (_, stream, ct) =>
        {
            await HostileResponseSizeTests.WriteHeadAsync(stream, (gzipped ? "Content-Encoding: gzip\r\n" : "") + $"Content-Length: {wire.Length}\r\n", ct);
            await stream.WriteAsync(wire, ct);
        });

        var (error, _, length) = await ReadAsync(server);

        Assert.Null(error);
        Assert.Equal(body.Length, length);
    }
}
