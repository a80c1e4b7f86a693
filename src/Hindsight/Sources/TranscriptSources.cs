using Hindsight.Sources.ClaudeCode;
using Hindsight.Sources.Codex;
using Hindsight.Sources.GeminiCli;

namespace Hindsight.Sources;

/// <summary>The sources this release reads, one per agent: the only place that lists them.</summary>
public static class TranscriptSources
{
    /// <summary>Every implemented source, Claude Code first.</summary>
    public static IReadOnlyList<ITranscriptSource> All { get; } = [new ClaudeCodeSource(), new CodexSource(), new GeminiSource()];

    /// <summary>The source of <paramref name="agent"/>; an agent without a source here cannot have been discovered.</summary>
    public static ITranscriptSource For(Agent agent) =>
        All.FirstOrDefault(s => s.Agent == agent) ?? throw new NotSupportedException($"no source reads {agent.ToName()} files in this release");

    /// <summary>
    /// Discovery over every agent's folders, one result (files in path order): <paramref name="claudeCodeRoots"/> are
    /// Claude Code's (what <c>--source DIR</c> has always meant), <paramref name="agentRoots"/> the other agents'.
    /// </summary>
    public static DiscoveryResult Discover(IReadOnlyList<string> claudeCodeRoots, IReadOnlyList<SourceFolder> agentRoots, CancellationToken cancellationToken)
    {
        var claude = For(Agent.ClaudeCode).Discover(claudeCodeRoots, cancellationToken);
        if (agentRoots.Count == 0) return claude;
        var files = new List<DiscoveredFile>(claude.Files);
        var warnings = new List<string>(claude.Warnings);
        var roots = new List<string>(claude.Roots);
        foreach (var group in agentRoots.GroupBy(f => f.Agent))
        {
            var found = For(group.Key).Discover(group.Select(f => f.Path).ToList(), cancellationToken);
            files.AddRange(found.Files);
            warnings.AddRange(found.Warnings);
            roots.AddRange(found.Roots);
        }
        // Two agents' roots may overlap (a folder given twice): a file is read once, by the first agent that found it.
        var unique = files.GroupBy(f => f.FileId, StringComparer.Ordinal).Select(g => g.First()).ToList();
        unique.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new DiscoveryResult(unique, warnings, roots);
    }
}
