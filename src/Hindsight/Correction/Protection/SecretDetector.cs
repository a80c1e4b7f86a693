using System.Text.RegularExpressions;

namespace Hindsight.Correction.Protection;

/// <summary>
/// Recognises credentials so that they are withheld from any provider. The list is deliberately broad: a false
/// positive only leaves a few characters uncorrected, a false negative would send a secret off the machine.
/// </summary>
/// <remarks>
/// Patterns, in order:
/// <list type="bullet">
/// <item>pem-private-key: a PEM block from <c>-----BEGIN ... PRIVATE KEY-----</c> to its END line (or the end of the text when truncated).</item>
/// <item>sk-key: OpenAI and Anthropic style keys, <c>sk-</c> then 20+ of [A-Za-z0-9_-] (covers <c>sk-proj-</c>, <c>sk-ant-</c>).</item>
/// <item>stripe-key: <c>sk_live_</c>, <c>sk_test_</c>, <c>rk_live_</c>, <c>rk_test_</c> then 16+ alphanumerics.</item>
/// <item>google-api-key: <c>AIza</c> then 35 of [0-9A-Za-z_-].</item>
/// <item>aws-access-key-id: <c>AKIA</c>, <c>ASIA</c>, <c>ABIA</c> or <c>ACCA</c> then 16 of [0-9A-Z].</item>
/// <item>aws-secret-access-key: <c>aws_secret_access_key</c> (any case, separators optional) assigned a 40-character base64 value.</item>
/// <item>github-token: <c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c> then 36+ alphanumerics, or <c>github_pat_</c> then 22+ of [A-Za-z0-9_].</item>
/// <item>slack-token: <c>xoxa-</c>, <c>xoxb-</c>, <c>xoxp-</c>, <c>xoxo-</c>, <c>xoxs-</c>, <c>xoxr-</c> then 10+ of [A-Za-z0-9-].</item>
/// <item>jwt: three base64url segments, the first two starting with <c>eyJ</c>.</item>
/// <item>url-password: <c>scheme://user:password@</c>.</item>
/// <item>bearer-token: <c>Bearer</c> then a token of 16+ characters.</item>
/// <item>secret-assignment: <c>password</c>, <c>passwd</c>, <c>pwd</c>, <c>secret</c>, <c>client_secret</c>, <c>api_key</c>, <c>apikey</c>,
/// <c>access_key</c>, <c>access_token</c>, <c>auth_token</c>, <c>token</c>, <c>private_key</c> (any case, optional quotes, and with a
/// prefix or suffix as in <c>GITHUB_TOKEN</c>, <c>OPENAI_API_KEY</c>, <c>aws_secret_access_key</c>) followed by <c>=</c> or <c>:</c>
/// and a value of 3+ characters, quoted, or bare with at least one letter (so <c>max_tokens=4096</c> is left alone).</item>
/// </list>
/// </remarks>
public static partial class SecretDetector
{
    /// <summary>The documented patterns, in the order they are tried.</summary>
    public static IReadOnlyList<SecretPattern> Patterns { get; } =
    [
        new("pem-private-key", "PEM private key block", PemPrivateKey()),
        new("sk-key", "OpenAI / Anthropic style sk- key", SkKey()),
        new("stripe-key", "Stripe secret or restricted key", StripeKey()),
        new("google-api-key", "Google API key (AIza...)", GoogleApiKey()),
        new("aws-access-key-id", "AWS access key id", AwsAccessKeyId()),
        new("aws-secret-access-key", "AWS secret access key assignment", AwsSecretAccessKey()),
        new("github-token", "GitHub personal, OAuth, app or fine-grained token", GitHubToken()),
        new("slack-token", "Slack token (xox...)", SlackToken()),
        new("jwt", "JSON Web Token", JsonWebToken()),
        new("url-password", "password in a URL (scheme://user:pass@)", UrlPassword()),
        new("bearer-token", "Bearer token", BearerToken()),
        new("secret-assignment", "password=, api_key=, token= and similar assignments", SecretAssignment()),
    ];

    /// <summary>Every match of every pattern, possibly overlapping, ordered by start.</summary>
    public static IReadOnlyList<SecretMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<SecretMatch>();
        foreach (var pattern in Patterns)
        {
            foreach (Match match in pattern.Regex.Matches(text))
            {
                if (match.Length > 0)
                {
                    matches.Add(new SecretMatch(match.Index, match.Length, pattern.Name));
                }
            }
        }

        matches.Sort(static (left, right) => left.Start.CompareTo(right.Start));
        return matches;
    }

    /// <summary>True when any pattern matches.</summary>
    public static bool ContainsSecret(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var pattern in Patterns)
        {
            if (pattern.Regex.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex SkKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(?i)aws[_\-. ]?secret[_\-. ]?(?:access[_\-. ]?)?key[""']?\s*[:=]\s*[""']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.-]{0,15}://[^\s:/@\u27E6\u27E7]+:[^\s/@\u27E6\u27E7]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"(?i)(?<![A-Za-z0-9])[A-Za-z0-9]*[_-]?(?:client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|private[_-]?key|password|passwd|pwd|secret|token)(?:[_-][A-Za-z0-9_-]*)?[""']?\s*[:=]\s*(?:""[^""\n]{3,}""|'[^'\n]{3,}'|(?=[^\s""',;]*[A-Za-z])[^\s""',;\u27E6\u27E7]{3,})", RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();
}
