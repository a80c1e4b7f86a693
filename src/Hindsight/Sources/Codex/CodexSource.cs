using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.Codex;

/// <summary>Codex CLI's roles behind the source contract (Sources/Codex/README.md).</summary>
public sealed class CodexSource : ITranscriptSource
{
    public Agent Agent => Agent.Codex;

    /// <summary>$CODEX_HOME, else ~/.codex (where Codex itself and ccusage look).</summary>
    public IReadOnlyList<SourceFolder> DefaultFolders(Func<string, string?> environment)
    {
        if (environment(CodexHome.EnvironmentVariable) is { Length: > 0 } codexHome)
            return [new SourceFolder(Agent, Path.GetFullPath(codexHome), CodexHome.EnvironmentVariable)];
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [new SourceFolder(Agent, Path.Combine(home, ".codex"), "default (~/.codex)")];
    }

    public DiscoveryResult Discover(IReadOnlyList<string> roots, CancellationToken cancellationToken) =>
        CodexDiscovery.Discover(roots, cancellationToken);

    public ILineParser ParserFor(DiscoveredFile file) => new CodexLineParser(CodexFileName.SessionIdOf(file.Path));

    public Classification Classify(RecordToClassify record) => CodexClassifier.Classify(record);

    /// <summary>A forked or subagent rollout replays its parent's lines under its own session (README: forks).</summary>
    public bool ForksReplayParentLines => true;

    /// <summary>Usage is cumulative per rollout (token_count events): calls are its deltas, computed whole.</summary>
    public IAgentCallRules? CallRules { get; } = new CodexCallRules();
}
