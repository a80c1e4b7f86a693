namespace Hindsight.Sampling;

/// <summary>One .jsonl file to write: where, what, how big, and its own seed so files can be written in any order.</summary>
internal sealed class FilePlan
{
    public required int Index { get; init; }
    public required SampleFileKind Kind { get; init; }
    public required string RelativePath { get; init; }
    public required ulong Seed { get; init; }
    public SessionPlan? Session { get; init; }
    public AgentPlan? Agent { get; init; }
    public long TargetLines { get; set; }
    public long TargetBytes { get; set; }
    public List<long> MalformedAfterLine { get; } = [];
    public bool PartialTail { get; set; }

    /// <summary>Relative path of the agent's .meta.json sidecar, when its version writes one.</summary>
    public string? MetaSidecarPath =>
        Agent is { Parent.Version.HasMetaSidecars: true } && Kind == SampleFileKind.NestedAgent
            ? RelativePath[..^".jsonl".Length] + ".meta.json"
            : null;
}
