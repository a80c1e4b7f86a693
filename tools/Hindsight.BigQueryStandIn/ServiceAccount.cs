using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.BigQueryStandIn;

/// <summary>
/// The stand-in's one service account: an RSA key pair made at start, a service-account JSON file whose
/// <c>token_uri</c> is the stand-in's own token endpoint, and that endpoint's rule: an RS256 JWT-bearer assertion signed
/// by the key, issued by the account, for this token URI, not expired, buys an access token. Only tokens issued so are
/// accepted by the other endpoints.
/// </summary>
public sealed class ServiceAccount : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    /// <summary>
    /// Audiences Google's token server accepts besides its own URL: Google.Apis.Auth sends the assertion to the key file's
    /// token_uri but names Google's token endpoint as its audience.
    /// </summary>
    private static readonly HashSet<string> GoogleTokenAudiences = new(StringComparer.Ordinal)
    {
        "https://oauth2.googleapis.com/token", "https://www.googleapis.com/oauth2/v4/token", "https://accounts.google.com/o/oauth2/token",
    };

    public ServiceAccount(string projectId, Uri tokenUri)
    {
        ProjectId = projectId;
        TokenUri = tokenUri;
        ClientEmail = $"hindsight-standin@{projectId}.iam.gserviceaccount.com";
        KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
    }

    public string ProjectId { get; }
    public Uri TokenUri { get; }
    public string ClientEmail { get; }
    public string KeyId { get; }

    /// <summary>The private key as PEM: what a test looks for in outputs and logs (it must be nowhere).</summary>
    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The key file Google's libraries read (CredentialFactory, ADC through GOOGLE_APPLICATION_CREDENTIALS).</summary>
    public string ToJson() => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = KeyId,
        ["private_key"] = PrivateKeyPem,
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = new Uri(TokenUri, "/auth").ToString(),
        ["token_uri"] = TokenUri.ToString(),
    }.ToJsonString();

    /// <summary>Every access token issued so far (tests look for them in outputs and logs).</summary>
    public IReadOnlyCollection<string> IssuedTokens => _tokens.Keys.ToList();

    /// <summary>An access token for a valid assertion, or the reason it is refused.</summary>
    public (string? Token, string? Error) Exchange(string grantType, string assertion, DateTimeOffset now)
    {
        if (grantType != "urn:ietf:params:oauth:grant-type:jwt-bearer") return (null, "unsupported_grant_type");
        var parts = assertion.Split('.');
        if (parts.Length != 3) return (null, "invalid_grant: not a JWT");
        JsonNode? header, claims;
        try
        {
            header = JsonNode.Parse(Base64Url(parts[0]));
            claims = JsonNode.Parse(Base64Url(parts[1]));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            return (null, "invalid_grant: unreadable JWT");
        }
        if (header?["alg"]?.GetValue<string>() != "RS256") return (null, "invalid_grant: alg must be RS256");
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!_key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            return (null, "invalid_grant: Invalid JWT Signature.");
        if (claims?["iss"]?.GetValue<string>() != ClientEmail) return (null, "invalid_grant: unknown issuer");
        if (claims["aud"]?.GetValue<string>() is not { } audience
            || (audience.TrimEnd('/') != TokenUri.ToString().TrimEnd('/') && !GoogleTokenAudiences.Contains(audience)))
            return (null, "invalid_grant: Invalid JWT audience");
        long exp = claims["exp"]?.GetValue<long>() ?? 0;
        long iat = claims["iat"]?.GetValue<long>() ?? long.MaxValue;
        if (exp < now.ToUnixTimeSeconds() || iat > now.ToUnixTimeSeconds() + 300)
            return (null, "invalid_grant: Invalid JWT: Token must be a short-lived token and in a reasonable timeframe");
        var token = "ya29.standin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _tokens[token] = now.AddHours(1);
        return (token, null);
    }

    /// <summary>Whether an Authorization header carries a token this stand-in issued and that has not expired.</summary>
    public bool Accepts(string? authorization, DateTimeOffset now) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
        && _tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var expires) && expires > now;

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    public void Dispose() => _key.Dispose();
}
