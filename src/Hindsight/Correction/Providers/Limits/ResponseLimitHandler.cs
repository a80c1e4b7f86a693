using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Hindsight.Correction.Providers.Limits;

/// <summary>
/// Caps every provider answer at the HTTP level, whatever the SDK above does with it: a declared Content-Length over
/// the cap fails before a byte of the body is read; otherwise the body is read through <see cref="LimitedContent"/>
/// (wire bytes, decompressed bytes, and time from sending the request). The inner handler must not decompress.
/// </summary>
public sealed class ResponseLimitHandler : DelegatingHandler
{
    private readonly ResponseLimits _limits;

    /// <summary>Creates the handler over <paramref name="inner"/>, which must have automatic decompression off.</summary>
    public ResponseLimitHandler(ResponseLimits limits, HttpMessageHandler inner) : base(inner)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBytes, 1);
        if (limits.MaxTime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(limits), "the time limit must be positive");
        _limits = limits;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_limits.MaxTime.TotalSeconds * Stopwatch.Frequency);
        request.Headers.AcceptEncoding.Clear();
        foreach (var encoding in new[] { "gzip", "deflate", "br" }) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength is { } declared && declared > _limits.MaxBytes)
        {
            response.Dispose();
            throw new ResponseLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"the provider's answer declares {declared:N0} bytes, more than the {_limits.DescribeSize()} an answer may have; not read"));
        }

        response.Content = new LimitedContent(response.Content, _limits, deadline);
        return response;
    }
}
