namespace Hindsight.Sampling;

/// <summary>A human-typed text as written into the corpus, with what a correct typo fix must turn it into.</summary>
internal sealed record ComposedText(
    string Typed,
    string Expected,
    IReadOnlyList<TypoEdit> Typos,
    bool HasSecret,
    bool HasCode,
    bool HasUrl,
    bool HasPath);
