using System.ClientModel;
using System.ClientModel.Primitives;
using Hindsight.Correction.Providers.Limits;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Hindsight.Correction.Providers;

/// <summary>
/// Builds the one <see cref="IChatClient"/> every provider uses: the OpenAI SDK's chat client pointed at the
/// provider's base URL, adapted by Microsoft.Extensions.AI. The SDK's own retries are disabled (the engine retries,
/// with the rate limiter in the loop) and its network timeout is set by the caller.
/// </summary>
public static class OpenAICompatibleChatClientFactory
{
    // OpenAI's SDK insists on a credential; keyless local servers (Ollama, llama.cpp) ignore the header.
    private const string KeylessCredential = "no-key";

    /// <summary>Creates the client. <paramref name="httpClient"/> stays owned by the caller.</summary>
    public static IChatClient Create(ProviderSettings settings, HttpClient httpClient, TimeSpan networkTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (settings.Kind == ProviderKind.None || settings.BaseUrl is null)
        {
            throw new ArgumentException("a provider with a base URL is required", nameof(settings));
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = settings.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        var credential = new ApiKeyCredential(settings.ApiKey?.Reveal() ?? KeylessCredential);
        return new OpenAIClient(credential, options).GetChatClient(settings.Model).AsIChatClient();
    }

    /// <summary>
    /// An HTTP client suited to many concurrent calls to one host, every answer capped by <paramref name="limits"/>
    /// (size on the wire and decompressed, and time; decompression is done under the cap, not by the transport).
    /// Dispose it after the run.
    /// </summary>
    public static HttpClient CreateHttpClient(int maxConnections, ResponseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var transport = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            MaxResponseHeadersLength = 64,
        };
        return new HttpClient(new ResponseLimitHandler(limits, transport))
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = limits.MaxBytes,
        };
    }
}
