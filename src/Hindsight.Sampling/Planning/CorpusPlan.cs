namespace Hindsight.Sampling;

/// <summary>Every file of a corpus, in index order, with the links between them.</summary>
internal sealed record CorpusPlan(IReadOnlyList<ProjectPlan> Projects, IReadOnlyList<FilePlan> Files);
