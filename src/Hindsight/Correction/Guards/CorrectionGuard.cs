using System.Globalization;
using Hindsight.Correction.Protection;

namespace Hindsight.Correction.Guards;

/// <summary>
/// Item-level guards on a model's answer, applied to the protected texts (placeholders in place):
/// every placeholder present exactly once and unchanged, every word the same word give or take a typo
/// (<see cref="MeaningGuard"/>), and the correction close to the original, because fixing typos changes little
/// while an answer, a rewrite or a translation changes a lot.
/// </summary>
/// <remarks>
/// Closeness: the Levenshtein distance divided by the longer length must be at most <see cref="MaxNormalizedDistance"/>
/// and the length ratio (corrected / original) within [<see cref="MinLengthRatio"/>, <see cref="MaxLengthRatio"/>].
/// Very short prompts ("teh" to "the", "u" to "you") would fail these ratios with a single fix, so a change of at most
/// <see cref="ShortTextEditAllowance"/> edits, that also changes the length by at most that many characters, always counts as close.
/// </remarks>
public static class CorrectionGuard
{
    /// <summary>Largest accepted edit distance relative to the longer of the two texts.</summary>
    public const double MaxNormalizedDistance = 0.30;

    /// <summary>Smallest accepted length of the correction relative to the original.</summary>
    public const double MinLengthRatio = 0.7;

    /// <summary>Largest accepted length of the correction relative to the original.</summary>
    public const double MaxLengthRatio = 1.3;

    /// <summary>Edits that are always close enough, whatever the ratios say.</summary>
    public const int ShortTextEditAllowance = 2;

    /// <summary>Judges <paramref name="corrected"/> as an answer for <paramref name="sentText"/> holding <paramref name="placeholderCount"/> placeholders.</summary>
    public static GuardVerdict Check(string sentText, int placeholderCount, string corrected)
    {
        ArgumentNullException.ThrowIfNull(sentText);
        ArgumentNullException.ThrowIfNull(corrected);
        if (string.Equals(sentText, corrected, StringComparison.Ordinal))
        {
            return GuardVerdict.Unchanged;
        }

        var placeholderProblem = PlaceholderCheck.Describe(corrected, placeholderCount);
        if (placeholderProblem is not null)
        {
            return GuardVerdict.Rejected(placeholderProblem);
        }

        var longer = Math.Max(sentText.Length, corrected.Length);
        var lengthChange = Math.Abs(sentText.Length - corrected.Length);
        var limit = Math.Max(ShortTextEditAllowance, (int)Math.Floor(MaxNormalizedDistance * longer));
        var distance = EditDistance.Bounded(sentText, corrected, limit);
        if (distance <= ShortTextEditAllowance && lengthChange <= ShortTextEditAllowance)
        {
            return MeaningVerdict(sentText, corrected);
        }

        var ratio = sentText.Length == 0 ? double.PositiveInfinity : (double)corrected.Length / sentText.Length;
        if (ratio < MinLengthRatio || ratio > MaxLengthRatio)
        {
            return GuardVerdict.Rejected(string.Create(
                CultureInfo.InvariantCulture,
                $"length ratio {ratio:0.00} outside [{MinLengthRatio:0.0}, {MaxLengthRatio:0.0}]"));
        }

        if (distance > limit)
        {
            return GuardVerdict.Rejected(string.Create(
                CultureInfo.InvariantCulture,
                $"edit distance above {MaxNormalizedDistance:0.00} of the text (more than {limit} of {longer} characters changed)"));
        }

        return MeaningVerdict(sentText, corrected);
    }

    // Spelling may change, meaning may not: word by word (negations, numbers, names, identifiers, added words).
    private static GuardVerdict MeaningVerdict(string sentText, string corrected) =>
        MeaningGuard.Check(sentText, corrected) is { } change ? GuardVerdict.Rejected("meaning changed: " + change) : GuardVerdict.Corrected;
}
