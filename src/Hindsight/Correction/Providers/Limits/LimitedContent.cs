using System.IO.Compression;
using System.Net;

namespace Hindsight.Correction.Providers.Limits;

/// <summary>
/// A response body read through caps: the bytes on the wire are limited, then decompressed here (gzip, deflate,
/// brotli; the transport's own automatic decompression is off), and the decompressed bytes are limited again, so a
/// small gzip bomb stops at the cap instead of filling memory. Headers are copied, less the encoding and length
/// that no longer describe the decoded body.
/// </summary>
internal sealed class LimitedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly ResponseLimits _limits;
    private readonly long _deadline;
    private readonly List<string> _encodings;

    internal LimitedContent(HttpContent inner, ResponseLimits limits, long deadline)
    {
        _inner = inner;
        _limits = limits;
        _deadline = deadline;
        _encodings = [.. inner.Headers.ContentEncoding.Select(e => e.Trim().ToLowerInvariant()).Where(e => e is not ("" or "identity"))];
        foreach (var header in inner.Headers)
        {
            if (header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && _encodings.Count > 0) continue;
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var size = _limits.DescribeSize();
        var time = $"the provider's answer did not arrive in full within {_limits.DescribeTime()}";
        Stream stream = new LimitedReadStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _limits.MaxBytes, _deadline,
            $"the provider's answer is larger than {size}; reading stopped there", time);
        if (_encodings.Count == 0) return stream;

        // Content-Encoding lists the encodings in the order applied: undo them last first.
        for (var index = _encodings.Count - 1; index >= 0; index--)
        {
            stream = _encodings[index] switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                "deflate" => new ZLibStream(stream, CompressionMode.Decompress),
                "br" => new BrotliStream(stream, CompressionMode.Decompress),
                var other => throw new ResponseLimitExceededException($"the provider's answer uses an encoding Hindsight does not read ({Printable(other)})"),
            };
        }

        return new LimitedReadStream(stream, _limits.MaxBytes, _deadline, $"the provider's answer is larger than {size} once decompressed; reading stopped there", time);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    // A server-chosen name goes into an error message: letters, digits and a few marks only, and short.
    private static string Printable(string value) =>
        new([.. value.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(32)]);
}
