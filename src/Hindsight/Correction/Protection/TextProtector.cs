using System.Text;
using Hindsight.Secrets;

namespace Hindsight.Correction.Protection;

/// <summary>
/// Replaces code, URLs, paths, stack traces, tags, placeholder look-alikes and detected secrets by numbered
/// placeholders (⟦P1⟧, ⟦P2⟧, ...). Overlapping detections are merged into one span, so a secret inside a URL or a
/// code block is withheld as a whole. Stateless and thread-safe.
/// </summary>
public static class TextProtector
{
    private const string TrailingPunctuation = ".,;:!?'\")]}>";

    /// <summary>Protects <paramref name="text"/>.</summary>
    /// <exception cref="SecretExposureException">A secret pattern still matches the protected text (it must then not be sent).</exception>
    public static ProtectedText Protect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = new List<(int Start, int End, ProtectedSpanKind Kind)>();
        foreach (var secret in SecretDetector.Find(text))
        {
            candidates.Add((secret.Start, secret.End, ProtectedSpanKind.Secret));
        }

        foreach (var (kind, regex, trim) in VerbatimPatterns.All)
        {
            foreach (System.Text.RegularExpressions.Match match in regex.Matches(text))
            {
                var end = trim ? TrimEnd(text, match.Index, match.Index + match.Length) : match.Index + match.Length;
                if (end > match.Index)
                {
                    candidates.Add((match.Index, end, kind));
                }
            }
        }

        var protectedText = Build(text, Merge(candidates));
        // With nothing replaced the text is the one SecretDetector.Find has just scanned: checking again finds nothing.
        if (protectedText.Spans.Count > 0 && SecretDetector.FirstRuleMatching(protectedText.Text) is { } rule)
        {
            throw new SecretExposureException($"protection left a match of secret pattern '{rule}' in the text to send");
        }

        return protectedText;
    }

    private static List<(int Start, int End, ProtectedSpanKind Kind)> Merge(List<(int Start, int End, ProtectedSpanKind Kind)> candidates)
    {
        candidates.Sort(static (left, right) => left.Start != right.Start ? left.Start.CompareTo(right.Start) : right.End.CompareTo(left.End));
        var merged = new List<(int Start, int End, ProtectedSpanKind Kind)>();
        foreach (var candidate in candidates)
        {
            if (merged.Count > 0 && candidate.Start < merged[^1].End)
            {
                var last = merged[^1];
                var kind = last.Kind == ProtectedSpanKind.Secret || candidate.Kind == ProtectedSpanKind.Secret ? ProtectedSpanKind.Secret : last.Kind;
                merged[^1] = (last.Start, Math.Max(last.End, candidate.End), kind);
            }
            else
            {
                merged.Add(candidate);
            }
        }

        return merged;
    }

    private static ProtectedText Build(string text, List<(int Start, int End, ProtectedSpanKind Kind)> spans)
    {
        if (spans.Count == 0)
        {
            return new ProtectedText(text, text, []);
        }

        var builder = new StringBuilder(text.Length);
        var result = new List<ProtectedSpan>(spans.Count);
        var position = 0;
        foreach (var (start, end, kind) in spans)
        {
            builder.Append(text, position, start - position);
            var span = new ProtectedSpan(result.Count + 1, start, text[start..end], kind);
            result.Add(span);
            builder.Append(span.Placeholder);
            position = end;
        }

        builder.Append(text, position, text.Length - position);
        return new ProtectedText(text, builder.ToString(), result);
    }

    // A URL or path at the end of a sentence must not take the sentence's full stop or closing bracket with it.
    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && TrailingPunctuation.Contains(text[end - 1], StringComparison.Ordinal))
        {
            var last = text[end - 1];
            if (last is ')' or ']' or '}' && IsBalanced(text.AsSpan(start, end - start), last))
            {
                break;
            }

            end--;
        }

        return end;
    }

    private static bool IsBalanced(ReadOnlySpan<char> span, char closing)
    {
        var opening = closing switch { ')' => '(', ']' => '[', _ => '{' };
        var depth = 0;
        foreach (var character in span)
        {
            if (character == opening)
            {
                depth++;
            }
            else if (character == closing)
            {
                depth--;
            }
        }

        return depth >= 0;
    }
}
