using System.Text.Json.Serialization;

namespace Hindsight.Sampling;

/// <summary>
/// One line of <c>hindsight-sample-truth.jsonl</c>: a human-typed text the generator wrote, where it is, and what a
/// correct typo fix turns it into. <see cref="Kind"/> is <c>prompt</c> (a user line; <see cref="Uuid"/> is that line)
/// or <c>steering</c> (typed while the agent worked: a queue-operation, plus a queued_command attachment from 2.1.101,
/// whose uuid is <see cref="Uuid"/>; null before that). <see cref="Line"/> is the 1-based line of its first occurrence
/// in <see cref="File"/> (relative to the corpus directory, '/'-separated).
/// </summary>
public sealed record TruthRecord(
    [property: JsonPropertyName("uuid")] string? Uuid,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("typed")] string Typed,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("typos")] IReadOnlyList<TypoEdit> Typos,
    [property: JsonPropertyName("has_secret")] bool HasSecret,
    [property: JsonPropertyName("has_code")] bool HasCode,
    [property: JsonPropertyName("has_url")] bool HasUrl,
    [property: JsonPropertyName("has_path")] bool HasPath);
