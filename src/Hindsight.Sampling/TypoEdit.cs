using System.Text.Json.Serialization;

namespace Hindsight.Sampling;

/// <summary>One misspelling the generator put into a text, and the word it replaced.</summary>
public sealed record TypoEdit(
    [property: JsonPropertyName("typed")] string Typed,
    [property: JsonPropertyName("expected")] string Expected);
