using System.Text.RegularExpressions;

namespace Hindsight.Correction.Protection;

/// <summary>One rule of the secret catalogue (<c>secret-rules.json</c>): a kind of credential the <see cref="SecretDetector"/> recognises.</summary>
public sealed class SecretPattern
{
    private readonly Lazy<Regex> _regex;

    /// <summary>Creates a rule; its regex is compiled the first time a text holds one of its keywords.</summary>
    public SecretPattern(string name, string description, string pattern, IReadOnlyList<string> keywords, double? minEntropy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Name = name;
        Description = description;
        Pattern = pattern;
        Keywords = keywords;
        MinEntropy = minEntropy;
        // Compiled, because the rules run over every content block; lazily, because most runs need only a few of them.
        _regex = new Lazy<Regex>(() => new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture));
    }

    /// <summary>A short stable id, shown in <c>⟦redacted:id⟧</c> and in reasons.</summary>
    public string Name { get; }

    /// <summary>What it matches, in words.</summary>
    public string Description { get; }

    /// <summary>The regex's source (.NET syntax).</summary>
    public string Pattern { get; }

    /// <summary>At least one of these (any case) must occur in a text for the regex to run on it at all.</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>When set, a value with less Shannon entropy (bits per character) is not a secret.</summary>
    public double? MinEntropy { get; }

    /// <summary>The matcher; its group <c>secret</c>, when present, is what is withheld, else the whole match.</summary>
    public Regex Regex => _regex.Value;
}
