namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Sees the keys of a line while <see cref="TranscriptLineParser"/> walks it, so that discovery's field inventory and
/// drift collection need no second pass and no DOM. Depths are those of <see cref="System.Text.Json.Utf8JsonReader.CurrentDepth"/>:
/// a top-level field is at depth 1, its value's members at depth 2. Only lines that are JSON objects are walked, and a
/// line can still turn out to be a dead letter after its keys were shown: what counts is kept for <see cref="LineAccepted"/>.
/// </summary>
public interface ILineShapeObserver
{
    /// <summary>A new line is walked: forget what the last one showed.</summary>
    void LineStarted();

    /// <summary>A property, its name unescaped; returns whether to be shown the members of its value.</summary>
    bool Property(int depth, ReadOnlySpan<char> name);

    /// <summary>Element <paramref name="index"/> of an array; returns whether to be shown its members.</summary>
    bool Element(int depth, int index);

    /// <summary>The line walked since <see cref="LineStarted"/> became a record.</summary>
    void LineAccepted();
}
