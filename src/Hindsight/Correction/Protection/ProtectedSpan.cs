namespace Hindsight.Correction.Protection;

/// <summary>One withheld span of the original text and the placeholder that stands for it.</summary>
/// <param name="Number">The placeholder number, from 1 within one text.</param>
/// <param name="Start">Start offset in the original text (UTF-16 code units).</param>
/// <param name="Value">The exact original characters.</param>
/// <param name="Kind">The strongest reason the span was protected (a secret wins over everything).</param>
public sealed record ProtectedSpan(int Number, int Start, string Value, ProtectedSpanKind Kind)
{
    /// <summary>The placeholder written in place of <see cref="Value"/>.</summary>
    public string Placeholder => Placeholders.Format(Number);
}
