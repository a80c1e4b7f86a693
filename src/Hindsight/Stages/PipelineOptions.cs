using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages;

/// <summary>Typed options shared by every stage; the command line fills them, with their precedence documented there.</summary>
public sealed record PipelineOptions
{
    /// <summary>Claude Code's folders (what a plain <c>--source DIR</c> names).</summary>
    public required IReadOnlyList<string> Sources { get; init; }
    /// <summary>The other agents' folders (<c>--source agent=DIR</c>, or their default folders).</summary>
    public IReadOnlyList<Hindsight.Sources.SourceFolder> AgentSources { get; init; } = [];
    public required string DatabasePath { get; init; }
    public required string ManifestPath { get; init; }
    /// <summary>Rows per write transaction (the seed's DEFAULT_BATCH_SIZE).</summary>
    public int BatchSize { get; init; } = 1000;
    public bool DryRun { get; init; }
    /// <summary>Go on past discovery's NO-GO (the warning is recorded in the run).</summary>
    public bool Force { get; init; }
    public int MaxLineBytes { get; init; } = JsonlLineReader.DefaultMaxLineBytes;
    /// <summary>Files read at once; the writer is always one.</summary>
    public int ReadParallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);
    /// <summary>A price file merged over the shipped price table (stages 2 and 4).</summary>
    public string? PriceOverrideFile { get; init; }
    /// <summary>Stage 4: provider, limits, budget.</summary>
    public Correct.CorrectionStageOptions Correction { get; init; } = new();
    /// <summary>Hex characters kept of each entity id's SHA-256 (stage 3); less than 32 only to force collisions in tests.</summary>
    public int IdHexLength { get; init; } = Identify.EntityKeys.DefaultIdHexLength;
}
