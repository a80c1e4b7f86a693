using System.Globalization;
using System.Text.RegularExpressions;

namespace Hindsight.Correction.Protection;

/// <summary>The placeholder syntax shared with the model: ⟦P1⟧, ⟦P2⟧, ... (U+27E6, U+27E7).</summary>
public static partial class Placeholders
{
    /// <summary>Opening bracket of a placeholder (U+27E6).</summary>
    public const char Open = '\u27E6';

    /// <summary>Closing bracket of a placeholder (U+27E7).</summary>
    public const char Close = '\u27E7';

    /// <summary>The placeholder for span number <paramref name="number"/>.</summary>
    public static string Format(int number) =>
        string.Concat(Open.ToString(), "P", number.ToString(CultureInfo.InvariantCulture), Close.ToString());

    /// <summary>Matches a well-formed placeholder and captures its number.</summary>
    [GeneratedRegex("\u27E6P([0-9]{1,6})\u27E7", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();
}
