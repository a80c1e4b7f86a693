using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hindsight.Destinations.BigQuery;

namespace Hindsight.Correction.Providers;

/// <summary>
/// Stage 4's API key from Google Secret Manager (<c>--key-secret projects/P/secrets/S/versions/V</c>, as the seed read
/// its Gemini key): one <c>versions:access</c> call over REST with Google credentials (GOOGLE_APPLICATION_CREDENTIALS or
/// Application Default Credentials, as <c>publish bigquery</c> finds them). The value is only ever wrapped in an
/// <see cref="ApiKey"/>; no message here carries it (Secret Manager's error messages name the secret, not a value).
/// </summary>
public static partial class SecretManagerKey
{
    /// <summary>Points every Secret Manager call at another server (the BigQuery stand-in serves <c>versions:access</c>).</summary>
    public const string EndpointVariable = "HINDSIGHT_SECRETMANAGER_ENDPOINT";

    public static readonly Uri GoogleEndpoint = new("https://secretmanager.googleapis.com/");

    [GeneratedRegex("^projects/[A-Za-z0-9_.:-]+/secrets/[A-Za-z0-9_-]+/versions/(?:[0-9]+|latest)$")]
    private static partial Regex VersionName();

    /// <summary>Whether <paramref name="name"/> is a secret version's resource name (projects/P/secrets/S/versions/V, V a number or latest).</summary>
    public static bool IsVersionName(string name) => VersionName().IsMatch(name);

    /// <summary>The key the secret version holds.</summary>
    /// <exception cref="ProviderConfigurationException">No credentials, no such version, an answer without a payload, or an empty one.</exception>
    public static async Task<ApiKey> ReadAsync(string name, Func<string, string?> environment, HttpClient http, CancellationToken cancellationToken)
    {
        if (!IsVersionName(name)) throw new ProviderConfigurationException($"--key-secret {name} is not a secret version's name (projects/P/secrets/S/versions/V)");
        var endpoint = GoogleEndpoint;
        if (environment(EndpointVariable) is { Length: > 0 } url
            && (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
            throw new ProviderConfigurationException($"{EndpointVariable} {url} is not an http(s) URL");
        var (credential, error) = await BigQueryCredentials.ResolveAsync(null, environment, cancellationToken, BigQueryCredentials.CloudPlatformScope);
        if (credential is null) throw new ProviderConfigurationException($"--key-secret {name} needs Google credentials: {error}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint!, "v1/" + name + ":access"));
        try
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await BigQueryCredentials.Tokens(credential)(cancellationToken));
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            if (!response.IsSuccessStatusCode)
            {
                // An error answer holds no payload: its message names the secret, never a value.
                var message = json.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() : null;
                throw new ProviderConfigurationException($"--key-secret {name}: Secret Manager answered {(int)response.StatusCode}{(message is null ? "" : ": " + message)}");
            }
            if (!json.RootElement.TryGetProperty("payload", out var payload) || !payload.TryGetProperty("data", out var data) || data.GetString() is not { } encoded)
                throw new ProviderConfigurationException($"--key-secret {name}: Secret Manager's answer has no payload");
            var value = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            if (string.IsNullOrWhiteSpace(value)) throw new ProviderConfigurationException($"--key-secret {name} holds an empty value");
            return new ApiKey(value);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or FormatException or InvalidOperationException
                                   or Google.Apis.Auth.OAuth2.Responses.TokenResponseException
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Exception messages here name the URL or the parse position, not the payload.
            throw new ProviderConfigurationException($"--key-secret {name}: Secret Manager could not be read ({ex.GetType().Name})");
        }
    }
}
