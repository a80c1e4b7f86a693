using System.Text;

namespace Hindsight.Correction.Protection;

/// <summary>
/// A prompt with its sensitive or verbatim spans replaced by numbered placeholders. <see cref="Text"/> is what
/// may be sent to a provider; <see cref="Restore"/> puts the exact original spans back into a correction.
/// </summary>
public sealed class ProtectedText
{
    internal ProtectedText(string original, string text, IReadOnlyList<ProtectedSpan> spans)
    {
        Original = original;
        Text = text;
        Spans = spans;
    }

    /// <summary>The text as the person typed it.</summary>
    public string Original { get; }

    /// <summary>The text with every protected span replaced by its placeholder.</summary>
    public string Text { get; }

    /// <summary>The protected spans in order; span i carries placeholder number i + 1.</summary>
    public IReadOnlyList<ProtectedSpan> Spans { get; }

    /// <summary>True when at least one detected secret was withheld.</summary>
    public bool ContainsSecret => Spans.Any(span => span.Kind == ProtectedSpanKind.Secret);

    /// <summary>
    /// Replaces every placeholder in <paramref name="correctedText"/> by the span it stands for and verifies
    /// that the result holds exactly the protected spans, byte for byte, each once.
    /// </summary>
    /// <exception cref="PlaceholderMismatchException">A placeholder is missing, repeated, unknown or the rebuilt text does not verify.</exception>
    public string Restore(string correctedText)
    {
        ArgumentNullException.ThrowIfNull(correctedText);
        var problem = PlaceholderCheck.Describe(correctedText, Spans.Count);
        if (problem is not null)
        {
            throw new PlaceholderMismatchException(problem);
        }

        var builder = new StringBuilder(correctedText.Length + Original.Length);
        var position = 0;
        foreach (System.Text.RegularExpressions.Match match in Placeholders.Pattern().Matches(correctedText))
        {
            builder.Append(correctedText, position, match.Index - position);
            var number = int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            builder.Append(Spans[number - 1].Value);
            position = match.Index + match.Length;
        }

        builder.Append(correctedText, position, correctedText.Length - position);
        var restored = builder.ToString();
        if (!RestorationVerifier.Verify(this, correctedText, restored))
        {
            throw new PlaceholderMismatchException("the restored text does not hold the protected spans byte for byte");
        }

        return restored;
    }
}
