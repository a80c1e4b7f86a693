using System.Text.RegularExpressions;

namespace Hindsight.Simulator.Tests.Support;

/// <summary>Lists the ⟦Pn⟧ placeholders of a text, in order.</summary>
internal static partial class Placeholder
{
    [GeneratedRegex("⟦P\\d+⟧")]
    private static partial Regex Pattern();

    public static IReadOnlyList<string> In(string text) => Pattern().Matches(text).Select(match => match.Value).ToList();
}
