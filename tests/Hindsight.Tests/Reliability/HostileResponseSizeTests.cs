using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Hostile answer bodies from a small server on 127.0.0.1, against the real binary: a gzip bomb, an endless chunked
/// body, a 100 MB body (declared and undeclared) and a body that trickles. Each call is cut at the size cap (1 MiB, on
/// the wire and decompressed) or the time cap with a clear error, the breaker stops the stage (exit 1), every prompt
/// is failed with its original text, and the process's peak resident memory (GNU time's maximum RSS) stays bounded.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HostileResponseSizeTests
{
    /// <summary>
    /// Peak RSS allowed for the whole run (runtime, DuckDB, five stages). A run against a well-behaved server stays well
    /// under it; the bodies served here are 100 MB to endless, and before the caps one took 5.6 GB and two passed 10 GB.
    /// </summary>
    private const long PeakResidentBytesAllowed = 600L << 20;

    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));

    /// <summary>One gzip member holding 8 MiB of spaces (about 8 KB compressed); members may be concatenated.</summary>
    private static readonly byte[] GzipMember = CompressedSpaces(8 << 20);

    private static byte[] CompressedSpaces(int length)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            for (var written = 0; written < length; written += spaces.Length) gzip.Write(spaces);
        }
        return output.ToArray();
    }

    internal static async Task WriteHeadAsync(Stream stream, string headers, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{headers}Connection: close\r\n\r\n"), ct);

    /// <summary>1 GiB once decompressed, from 128 gzip members of 8 MiB each (about 1 MB on the wire).</summary>
    internal static async Task GzipBombAsync(HostileRequest _, Stream stream, CancellationToken ct)
    {
        await WriteHeadAsync(stream, $"Content-Encoding: gzip\r\nContent-Length: {GzipMember.Length * 128}\r\n", ct);
        for (var member = 0; member < 128; member++) await stream.WriteAsync(GzipMember, ct);
    }

    /// <summary>Chunks of 64 KiB for as long as the client reads.</summary>
    internal static async Task EndlessChunkedAsync(HostileRequest _, Stream stream, CancellationToken ct)
    {
        await WriteHeadAsync(stream, "Transfer-Encoding: chunked\r\n", ct);
        var size = Encoding.ASCII.GetBytes(Filler.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        var end = Encoding.ASCII.GetBytes("\r\n");
        while (true)
        {
            await stream.WriteAsync(size, ct);
            await stream.WriteAsync(Filler, ct);
            await stream.WriteAsync(end, ct);
        }
    }

    /// <summary>100 MB, with its length declared, or (<paramref name="declared"/> false) delimited by closing the connection.</summary>
    internal static Func<HostileRequest, Stream, CancellationToken, Task> HundredMegabytes(bool declared) => async (_, stream, ct) =>
    {
        const long total = 100_000_000;
        await WriteHeadAsync(stream, declared ? $"Content-Length: {total}\r\n" : "", ct);
        for (long written = 0; written < total; written += Filler.Length) await stream.WriteAsync(Filler.AsMemory(0, (int)Math.Min(Filler.Length, total - written)), ct);
    };

    /// <summary>The head at once, then one byte every 200 ms, for ever.</summary>
    private static async Task TrickleAsync(HostileRequest _, Stream stream, CancellationToken ct)
    {
        await WriteHeadAsync(stream, "Content-Length: 1000000\r\n", ct);
        while (true)
        {
            await stream.WriteAsync("{"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(200, ct);
        }
    }

    [Fact]
    public async Task A_gzip_bomb_is_cut_at_the_decompressed_cap_and_memory_stays_bounded() =>
        await AssertCappedAsync(GzipBombAsync, "larger than 1 MiB once decompressed");

    [Fact]
    public async Task An_endless_chunked_body_is_cut_at_the_cap_and_memory_stays_bounded() =>
        await AssertCappedAsync(EndlessChunkedAsync, "larger than 1 MiB");

    [Fact]
    public async Task A_declared_100_MB_answer_is_refused_before_its_body_is_read() =>
        await AssertCappedAsync(HundredMegabytes(declared: true), "declares 100,000,000 bytes");

    [Fact]
    public async Task An_undeclared_100_MB_answer_is_cut_at_the_cap_and_memory_stays_bounded() =>
        await AssertCappedAsync(HundredMegabytes(declared: false), "larger than 1 MiB");

    [Fact]
    public async Task A_body_that_trickles_for_ever_is_given_up_at_the_time_cap() =>
        await AssertCappedAsync(TrickleAsync, "within 1 s", timeoutSeconds: "1");

    private static async Task AssertCappedAsync(Func<HostileRequest, Stream, CancellationToken, Task> respond, string cause, string timeoutSeconds = "10")
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        var db = dir.Combine("h.duckdb");
        await using var server = new HostileHttpServer(respond);
        var rss = dir.Combine("peak-rss-kb.txt");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await HindsightProcess.RunAsync(new Dictionary<string, string?> { ["GEMINI_API_KEY"] = HostileProviderTests.Key },
            ["/usr/bin/time", "-f", "%M", "-o", rss],
            ["run", "--source", corpus.Projects, "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", server.BaseUrl.ToString(), "--timeout", timeoutSeconds]);

        await HostileProviderTests.AssertStoppedWithEveryPromptFailedAsync(result, db, cause);
        Assert.InRange(server.Requests, 1, HostileProviderTests.MostCallsBeforeTheBreakerStops);
        var peakBytes = long.Parse((await File.ReadAllLinesAsync(rss, TestContext.Current.CancellationToken)).Last(l => l.Trim().Length > 0).Trim(), CultureInfo.InvariantCulture) * 1024;
        Assert.True(peakBytes < PeakResidentBytesAllowed,
            $"peak RSS {peakBytes >> 20} MiB (allowed {PeakResidentBytesAllowed >> 20} MiB); the server wrote {server.BytesWritten:N0} bytes in {started.Elapsed.TotalSeconds:F1} s");
        TestContext.Current.TestOutputHelper?.WriteLine($"{cause}: peak RSS {peakBytes >> 20} MiB, {server.Requests} calls, {server.BytesWritten:N0} bytes written, {started.Elapsed.TotalSeconds:F1} s");
    }
}
