using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace Hindsight.Bench.Floors;

/// <summary>
/// `hindsight-floors MODE DIR`: one pass over every *.jsonl file under DIR, on one thread, printing one JSON line.
/// lines: read with a pooled 1 MiB buffer and split lines; json: the same, plus one Utf8JsonReader pass over every
/// token of every line; zstd: the same reading, with whole-line chunks of about 1 MiB compressed by zstd level 1.
/// </summary>
public static class Program
{
    private const int BufferBytes = 1 << 20;

    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] is not ("lines" or "json" or "zstd") || !Directory.Exists(args[1]))
        {
            Console.Error.WriteLine("usage: hindsight-floors lines|json|zstd DIR");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var totals = new Totals();
        using var compressor = args[0] == "zstd" ? new ZstdSharp.Compressor(1) : null;
        var files = Directory.EnumerateFiles(args[1], "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files) ReadFile(file, args[0], compressor, totals);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mode"] = args[0], ["files"] = totals.Files, ["lines"] = totals.Lines, ["bytes"] = totals.Bytes,
            ["tokens"] = totals.Tokens, ["invalid_lines"] = totals.InvalidLines, ["compressed_bytes"] = totals.CompressedBytes,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        }));
        return 0;
    }

    private sealed class Totals
    {
        public long Files, Lines, Bytes, Tokens, InvalidLines, CompressedBytes;
    }

    /// <summary>Streams one file through a pooled buffer; a line longer than the buffer grows it (as the product does).</summary>
    private static void ReadFile(string path, string mode, ZstdSharp.Compressor? compressor, Totals totals)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var output = compressor is null ? null : ArrayPool<byte>.Shared.Rent(ZstdSharp.Compressor.GetCompressBound(BufferBytes * 2));
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            totals.Files++;
            int filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                totals.Bytes += read;
                bool end = read == 0;
                // Whole lines only: the chunk ends at the last newline (or at the end of the file).
                int last = end ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (last > 0)
                {
                    var chunk = buffer.AsSpan(0, last);
                    SplitLines(chunk, mode, totals);
                    if (compressor is not null)
                    {
                        if (output!.Length < ZstdSharp.Compressor.GetCompressBound(chunk.Length))
                        {
                            ArrayPool<byte>.Shared.Return(output);
                            output = ArrayPool<byte>.Shared.Rent(ZstdSharp.Compressor.GetCompressBound(chunk.Length));
                        }
                        totals.CompressedBytes += compressor.Wrap(chunk, output);
                    }
                    buffer.AsSpan(last, filled - last).CopyTo(buffer);
                    filled -= last;
                }
                if (end) break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (output is not null) ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static void SplitLines(ReadOnlySpan<byte> chunk, string mode, Totals totals)
    {
        while (!chunk.IsEmpty)
        {
            int newline = chunk.IndexOf((byte)'\n');
            var line = newline < 0 ? chunk : chunk[..newline];
            chunk = newline < 0 ? [] : chunk[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            totals.Lines++;
            if (mode == "json" && !line.IsEmpty) Walk(line, totals);
        }
    }

    /// <summary>Every token of the line once, as a one-pass parser must at the least; nothing is kept.</summary>
    private static void Walk(ReadOnlySpan<byte> line, Totals totals)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            while (reader.Read()) totals.Tokens++;
        }
        catch (JsonException)
        {
            totals.InvalidLines++;
        }
    }
}
