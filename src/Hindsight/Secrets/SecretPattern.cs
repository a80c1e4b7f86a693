using System.Text.RegularExpressions;

namespace Hindsight.Secrets;

/// <summary>One rule of the secret catalogue (<c>secret-rules.json</c>): a kind of credential the <see cref="SecretDetector"/> recognises.</summary>
public sealed class SecretPattern
{
    /// <summary>Text a rule reads with the interpreter before it is compiled (see <see cref="CompilingRegex"/>).</summary>
    private const long CompileAfterCharacters = 4_000_000;

    /// <summary>Attempts at single positions the interpreter makes before the anchored regex is compiled (each is short).</summary>
    private const long CompileAfterAttempts = 100_000;

    private readonly CompilingRegex _regex;
    private readonly Lazy<KeywordAnchor?> _anchor;
    private readonly CompilingRegex _anchored;

    /// <summary>Creates a rule; its regex is compiled the first time a text holds one of its keywords.</summary>
    public SecretPattern(string name, string description, string pattern, IReadOnlyList<string> keywords, double? minEntropy = null)
        : this(name, description, pattern, keywords, minEntropy, interpreted: null)
    {
    }

    /// <summary>Creates a rule around the interpreted regex the catalogue already built to check the pattern (built once, not twice).</summary>
    internal SecretPattern(string name, string description, string pattern, IReadOnlyList<string> keywords, double? minEntropy, Regex? interpreted)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Name = name;
        Description = description;
        Pattern = pattern;
        Keywords = keywords;
        MinEntropy = minEntropy;
        // Built lazily, because most texts need only a few rules; compiled once a rule has done enough work to repay it.
        _regex = new CompilingRegex(pattern, CompileAfterCharacters, interpreted);
        _anchor = new Lazy<KeywordAnchor?>(() => KeywordAnchor.Prove(pattern, keywords));
        // The same regex tried at one position only (\G): what the detector runs where the rule's anchor allows a match.
        _anchored = new CompilingRegex($"\\G(?:{pattern})", CompileAfterAttempts);
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
    public Regex Regex => _regex.Current;

    /// <summary>The matcher to run over a text of <paramref name="length"/> characters (compiled once enough text was read).</summary>
    internal Regex RegexFor(int length) => _regex.For(length);

    /// <summary>Where a keyword occurrence says a match can start, when that is proven (else the rule reads whole texts).</summary>
    internal KeywordAnchor? Anchor => _anchor.Value;

    /// <summary>The matcher that tries one position only (the <c>startat</c> it is given), for <paramref name="attempts"/> more attempts.</summary>
    internal Regex AnchoredRegexFor(int attempts) => _anchored.For(attempts);
}
