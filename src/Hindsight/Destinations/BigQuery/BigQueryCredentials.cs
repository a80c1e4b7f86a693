using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// Google credentials for BigQuery (and Secret Manager, for stage 4's <c>--key-secret</c>), by Google.Apis.Auth: the key file named (<c>--credentials</c>), else the file
/// GOOGLE_APPLICATION_CREDENTIALS names (looked up in the command's environment), else Application Default Credentials
/// (gcloud's ADC file, the metadata server). A key file's <c>token_uri</c> is honoured by Google's own code. The token
/// is only ever put in a request's Authorization header.
/// </summary>
public static class BigQueryCredentials
{
    public const string Scope = "https://www.googleapis.com/auth/bigquery";

    public const string EnvironmentVariable = "GOOGLE_APPLICATION_CREDENTIALS";

    /// <summary>Every Google Cloud API (Secret Manager has no narrower scope).</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The credential, scoped to <paramref name="scope"/>, or null with a message that says what is wrong (no key material in it).</summary>
    public static async Task<(GoogleCredential? Credential, string? Error)> ResolveAsync(string? file, Func<string, string?> environment, CancellationToken cancellationToken,
        string scope = Scope)
    {
        file ??= environment(EnvironmentVariable) is { Length: > 0 } named ? named : null;
        if (file is null)
        {
            try
            {
                return ((await GoogleCredential.GetApplicationDefaultAsync(cancellationToken)).CreateScoped(scope), null);
            }
            catch (InvalidOperationException ex)
            {
                return (null, "no Google credentials: " + (scope == Scope ? "pass --credentials FILE, " : "") + "set GOOGLE_APPLICATION_CREDENTIALS, or run `gcloud auth application-default login` (" + ex.Message + ")");
            }
        }
        if (!File.Exists(file)) return (null, $"the credentials file {file} does not exist");
        string? type;
        try
        {
            await using var stream = File.OpenRead(file);
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            type = json.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return (null, $"the credentials file {file} is not JSON");
        }
        if (type is null) return (null, $"the credentials file {file} has no \"type\" (service_account, authorized_user, external_account ...)");
        try
        {
            var credential = await CredentialFactory.FromFileAsync(file, type, cancellationToken);
            return (credential.CreateScoped(scope), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            // Google.Apis.Auth's messages name the file's fields, never their values.
            return (null, $"the credentials file {file} could not be used: {ex.Message}");
        }
    }

    /// <summary>A bearer token for the next request (Google's code caches it and renews it before it expires).</summary>
    public static Func<CancellationToken, Task<string>> Tokens(GoogleCredential credential) =>
        cancellationToken => credential.UnderlyingCredential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
}
