using System.Globalization;

namespace Hindsight.Correction.Guards;

/// <summary>
/// A unit of text as <see cref="MeaningGuard"/> aligns it: a word (with what kind of word it is), a placeholder
/// (⟦P1⟧, ⟦redacted:…⟧) or a symbol that must stay in place. Sentence punctuation and quotes are not tokens: they
/// may be added or removed.
/// </summary>
internal sealed class MeaningToken
{
    private MeaningToken(string text, bool isWord, bool sentenceInitial)
    {
        Text = text;
        IsWord = isWord;
        if (!isWord)
        {
            Folded = text;
            return;
        }

        Folded = text.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal).ToLowerInvariant();
        HasDigit = text.Any(char.IsDigit);
        IsIdentifier = HasDigit || text.AsSpan().IndexOfAny("_./:") >= 0 || text.Skip(1).Any(char.IsUpper);
        IsNegation = MeaningGuard.Negations.Contains(Folded)
            || text.EndsWith("n't", StringComparison.OrdinalIgnoreCase) || text.EndsWith("n\u2019t", StringComparison.OrdinalIgnoreCase);
        IsName = !sentenceInitial && char.IsUpper(text[0]) && !IsIdentifier && Folded is not ("i" or "im" or "ill" or "ive" or "id");
    }

    /// <summary>As written.</summary>
    public string Text { get; }

    /// <summary>False for a placeholder or a symbol.</summary>
    public bool IsWord { get; }

    /// <summary>Lower case, apostrophes removed: what typo distances compare.</summary>
    public string Folded { get; }

    public bool HasDigit { get; }

    /// <summary>A digit, an underscore, a dot, a slash, a colon or a capital after the first letter: never changes.</summary>
    public bool IsIdentifier { get; }

    public bool IsNegation { get; }

    /// <summary>Capitalized inside a sentence: most likely a name.</summary>
    public bool IsName { get; }

    private static bool IsSoftPunctuation(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or '"' or '\'' or '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2026';

    private static bool EndsSentence(char c) => c is '.' or '!' or '?' or '\u2026';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    public static List<MeaningToken> Split(string text)
    {
        var tokens = new List<MeaningToken>();
        var sentenceStart = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (c == '\n') sentenceStart = true;
                i++;
            }
            else if (c == '\u27E6')
            {
                var end = text.IndexOf('\u27E7', i);
                end = end < 0 ? text.Length : end + 1;
                tokens.Add(new MeaningToken(text[i..end], isWord: false, sentenceStart));
                sentenceStart = false;
                i = end;
            }
            else if (IsWordChar(c))
            {
                var start = i;
                i++;
                while (i < text.Length)
                {
                    if (IsWordChar(text[i]))
                    {
                        i++;
                    }
                    else if (text[i] is '\'' or '\u2019' or '.' or '/' or ':' && i + 1 < text.Length && IsWordChar(text[i + 1]))
                    {
                        // Joined inside a word: don't, v1.2, and/or, 10:30.
                        i += 2;
                    }
                    else
                    {
                        break;
                    }
                }

                tokens.Add(new MeaningToken(text[start..i], isWord: true, sentenceStart));
                sentenceStart = false;
            }
            else if (IsSoftPunctuation(c))
            {
                if (EndsSentence(c)) sentenceStart = true;
                i++;
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
                tokens.Add(new MeaningToken(text.Substring(i, length), isWord: false, sentenceStart));
                i += length;
            }
        }

        return tokens;
    }
}
