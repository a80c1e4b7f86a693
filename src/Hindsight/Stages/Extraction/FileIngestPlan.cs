using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Extraction;

/// <summary>What extraction will do with one file, and why.</summary>
public sealed record FileIngestPlan(DiscoveredFile File, IngestMode Mode, long StartOffset, long StartLine, int Generation, string Reason);
