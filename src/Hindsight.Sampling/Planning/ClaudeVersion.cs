namespace Hindsight.Sampling;

/// <summary>
/// A Claude Code version and the transcript features it writes (see docs/transcript-format.md §2.9).
/// The thresholds are where public real data first shows a feature, rounded to versions we write.
/// </summary>
internal sealed record ClaudeVersion(int Major, int Minor, int Patch)
{
    public static readonly IReadOnlyList<ClaudeVersion> Era10 =
        [new(1, 0, 24), new(1, 0, 51), new(1, 0, 56), new(1, 0, 72), new(1, 0, 98), new(1, 0, 108), new(1, 0, 128)];

    public static readonly IReadOnlyList<ClaudeVersion> Era20 =
        [new(2, 0, 5), new(2, 0, 28), new(2, 0, 37), new(2, 0, 42), new(2, 0, 55), new(2, 0, 65)];

    public static readonly IReadOnlyList<ClaudeVersion> Era21 =
        [new(2, 1, 4), new(2, 1, 17), new(2, 1, 39), new(2, 1, 42), new(2, 1, 76), new(2, 1, 92), new(2, 1, 114), new(2, 1, 126)];

    public static readonly ClaudeVersion Giant = new(2, 1, 114);

    public string Text { get; } = $"{Major}.{Minor}.{Patch}";

    public TranscriptEra Era => Major == 1 ? TranscriptEra.V10 : Minor == 0 ? TranscriptEra.V20 : TranscriptEra.V21;

    public bool HasCacheCreationBreakdown => AtLeast(1, 0, 98);
    public bool HasSystemSubtypes => AtLeast(2, 0, 0);
    public bool HasFileHistory => AtLeast(2, 0, 0);
    public bool HasCompactBoundary => AtLeast(2, 0, 0);
    public bool HasSlug => AtLeast(2, 0, 40);
    public bool HasQueueOperations => AtLeast(2, 0, 37);
    public bool HasSummaryRecords => !AtLeast(2, 1, 0);
    public bool HasToolSourceLink => AtLeast(2, 1, 10);
    public bool HasTurnDuration => AtLeast(2, 1, 10);
    public bool HasProgressRecords => AtLeast(2, 1, 10) && !AtLeast(2, 1, 70);
    public bool HasInferenceGeo => AtLeast(2, 1, 30);

    /// <summary>2.1.7x onwards: attachments, session metadata records, envelope written after the payload.</summary>
    public bool IsModern => AtLeast(2, 1, 70);

    public bool HasEmptyThinking => AtLeast(2, 1, 69);
    public bool HasQueuedCommand => AtLeast(2, 1, 101);
    public bool HasMetaSidecars => IsModern;
    public string SubagentToolName => IsModern ? "Agent" : "Task";

    public SubagentLayout Layout => Era switch
    {
        TranscriptEra.V10 => SubagentLayout.Inline,
        TranscriptEra.V20 => SubagentLayout.Flat,
        _ => SubagentLayout.Nested,
    };

    public int AgentIdHexLength => Era == TranscriptEra.V20 ? 8 : IsModern ? 16 : 6;

    public bool AtLeast(int major, int minor, int patch) =>
        (Major, Minor, Patch).CompareTo((major, minor, patch)) >= 0;

    public override string ToString() => Text;
}
