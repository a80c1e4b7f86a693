using System.Text.RegularExpressions;

namespace Hindsight.Simulator;

/// <summary>The protected-span placeholders ⟦P1⟧, ⟦P2⟧, ... that the model must hand back untouched.</summary>
internal static partial class Placeholders
{
    [GeneratedRegex(@"⟦P(\d+)⟧", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();

    public static IReadOnlyList<string> In(string text) =>
        Pattern().Matches(text).Select(match => match.Value).ToList();
}
