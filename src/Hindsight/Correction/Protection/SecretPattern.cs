using System.Text.RegularExpressions;

namespace Hindsight.Correction.Protection;

/// <summary>One rule of the secret catalogue (<c>secret-rules.json</c>): a kind of credential the <see cref="SecretDetector"/> recognises.</summary>
/// <param name="Name">A short stable id, shown in <c>⟦redacted:id⟧</c> and in reasons.</param>
/// <param name="Description">What it matches, in words.</param>
/// <param name="Regex">The matcher; its group <c>secret</c>, when present, is what is withheld, else the whole match.</param>
/// <param name="Keywords">At least one of these (any case) must occur in a text for <paramref name="Regex"/> to run on it at all.</param>
/// <param name="MinEntropy">When set, a value with less Shannon entropy (bits per character) is not a secret.</param>
public sealed record SecretPattern(string Name, string Description, Regex Regex, IReadOnlyList<string> Keywords, double? MinEntropy = null);
