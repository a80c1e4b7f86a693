using System.Text.RegularExpressions;

namespace Hindsight.Correction.Protection;

/// <summary>One documented kind of credential the <see cref="SecretDetector"/> recognises.</summary>
/// <param name="Name">A short stable name, for reasons and tests.</param>
/// <param name="Description">What it matches, in words.</param>
/// <param name="Regex">The matcher; the whole match is the secret span.</param>
public sealed record SecretPattern(string Name, string Description, Regex Regex);
