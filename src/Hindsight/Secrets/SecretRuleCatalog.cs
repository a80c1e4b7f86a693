using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Hindsight.Secrets;

/// <summary>
/// The secret rules, kept as data in the embedded <c>secret-rules.json</c> (id, description, regex, keywords, optional
/// entropy threshold), written from the token formats providers document publicly. The rules compile on first use, so a
/// run that redacts nothing (a re-run with nothing new) never pays for compiling them; <see cref="Version"/> needs only
/// the file's bytes.
/// </summary>
public sealed partial class SecretRuleCatalog
{
    private const string ResourceName = "Hindsight.Secrets.secret-rules.json";
    private static readonly Lazy<byte[]> Bytes = new(ReadResource);
    private static readonly Lazy<SecretRuleCatalog> Shipped = new(() => Parse(Bytes.Value));

    private SecretRuleCatalog(IReadOnlyList<SecretPattern> rules)
    {
        Rules = rules;
        Prefilter = new KeywordPrefilter(rules);
    }

    /// <summary>The catalogue shipped with this build.</summary>
    public static SecretRuleCatalog Current => Shipped.Value;

    /// <summary>The first 16 hex digits of the SHA-256 of the shipped catalogue: changes with any rule.</summary>
    public static string Version { get; } = Convert.ToHexString(SHA256.HashData(Bytes.Value))[..16];

    /// <summary>The rules, in catalogue order.</summary>
    public IReadOnlyList<SecretPattern> Rules { get; }

    /// <summary>Which rules can match a text at all, from one pass over it.</summary>
    internal KeywordPrefilter Prefilter { get; }

    /// <summary>Reads a catalogue from its JSON.</summary>
    /// <exception cref="InvalidDataException">The document is malformed: a rule lacks an id, a regex or keywords, or an id repeats.</exception>
    public static SecretRuleCatalog Parse(ReadOnlySpan<byte> json)
    {
        var document = JsonSerializer.Deserialize(json, CatalogJson.Default.Document) ?? throw new InvalidDataException("the secret catalogue is empty");
        var rules = new List<SecretPattern>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in document.Rules ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrWhiteSpace(rule.Regex) || rule.Keywords is not { Count: > 0 } keywords
                || keywords.Any(string.IsNullOrEmpty))
                throw new InvalidDataException($"secret rule '{rule.Id}' needs an id, a regex and at least one keyword");
            if (!ids.Add(rule.Id)) throw new InvalidDataException($"secret rule id '{rule.Id}' appears twice");
            // Checked now (a broken rule fails at once, not on the first text that holds its keyword), and the interpreted
            // regex kept for the rule; compiled when it has read enough text.
            Regex interpreted;
            try
            {
                interpreted = new Regex(rule.Regex, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
            }
            catch (ArgumentException exception)
            {
                throw new InvalidDataException($"secret rule '{rule.Id}' has an invalid regex: {exception.Message}");
            }

            rules.Add(new SecretPattern(rule.Id, rule.Description ?? rule.Id, rule.Regex, keywords, rule.Entropy, interpreted));
        }

        return rules.Count == 0 ? throw new InvalidDataException("the secret catalogue has no rules") : new SecretRuleCatalog(rules);
    }

    private static byte[] ReadResource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from this build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed record Document([property: JsonPropertyName("rules")] List<RuleDocument>? Rules);

    private sealed record RuleDocument(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("regex")] string? Regex,
        [property: JsonPropertyName("keywords")] List<string>? Keywords,
        [property: JsonPropertyName("entropy")] double? Entropy);

    /// <summary>Source-generated reading of the catalogue: no reflection-built metadata at start-up, and none needed by a Native AOT build.</summary>
    [JsonSerializable(typeof(Document))]
    private sealed partial class CatalogJson : JsonSerializerContext;
}
