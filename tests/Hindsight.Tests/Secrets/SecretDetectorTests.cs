using Hindsight.Correction.Protection;
using Hindsight.Secrets;

namespace Hindsight.Tests.Secrets;

public sealed class SecretDetectorTests
{
    public static TheoryData<string, string> Secrets => new()
    {
        { "sk-key", "sk-proj-" + Some.Alphanumeric(40) },
        { "sk-key", "sk-ant-api03-" + Some.Alphanumeric(60) },
        { "stripe-key", "sk_live_" + Some.Alphanumeric(24) },
        { "google-api-key", "AIza" + Some.Alphanumeric(35) },
        { "aws-access-key-id", "AKIA" + Some.UpperAlphanumeric(16) },
        { "aws-secret-access-key", "aws_secret_access_key=" + Some.Alphanumeric(40) },
        { "github-token", "ghp_" + Some.Alphanumeric(36) },
        { "github-token", "github_pat_" + Some.Alphanumeric(40) },
        { "slack-token", "xoxb-1234567890-" + Some.Alphanumeric(20) },
        { "jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" },
        { "pem-private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow" + Some.Alphanumeric(30) + "\n-----END RSA PRIVATE KEY-----" },
        { "url-password", "postgres://admin:hunter2secret@db.internal" },
        { "bearer-token", "Bearer " + Some.Alphanumeric(32) },
        { "secret-assignment", "password=" + Some.Alphanumeric(12) },
        { "secret-assignment", "\"api_key\": \"" + Some.Alphanumeric(20) + "\"" },
        { "secret-assignment", "token: " + Some.Alphanumeric(12) },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Each_documented_pattern_finds_its_secret(string pattern, string secret)
    {
        var matches = SecretDetector.Find($"here it is: {secret} ok");

        Assert.Contains(matches, match => match.PatternName == pattern);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void No_detected_secret_survives_protection(string pattern, string secret)
    {
        var text = $"pls fix teh config, my {pattern} is {secret} and it fails";

        var result = TextProtector.Protect(text);

        Assert.True(result.ContainsSecret);
        Assert.False(SecretDetector.ContainsSecret(result.Text));
        Assert.Equal(text, result.Restore(result.Text));
    }

    [Fact]
    public void A_secret_inside_a_URL_is_withheld_together_with_the_URL()
    {
        var result = TextProtector.Protect("connect to https://bob:s3cretpass@example.com/db now");

        var span = Assert.Single(result.Spans);
        Assert.Equal(ProtectedSpanKind.Secret, span.Kind);
        Assert.Equal("https://bob:s3cretpass@example.com/db", span.Value);
    }

    [Fact]
    public void Ordinary_prose_has_no_secrets()
    {
        Assert.False(SecretDetector.ContainsSecret("the max_tokens setting and a token budget of 2000 tokens; sk-short"));
    }

    [Fact]
    public void The_pattern_list_is_documented_with_names_and_descriptions()
    {
        Assert.All(SecretDetector.Patterns, pattern =>
        {
            Assert.False(string.IsNullOrWhiteSpace(pattern.Name));
            Assert.False(string.IsNullOrWhiteSpace(pattern.Description));
        });
        Assert.Equal(SecretDetector.Patterns.Count, SecretDetector.Patterns.Select(pattern => pattern.Name).Distinct().Count());
    }
}
