namespace Hindsight.Sources.ClaudeCode;

/// <summary>Claude Code's roles behind the source contract: the classes of this folder, unchanged.</summary>
public sealed class ClaudeCodeSource : ITranscriptSource
{
    private static readonly ILineParser Parser = new LineParser();

    public Agent Agent => Agent.ClaudeCode;

    /// <summary>$CLAUDE_CONFIG_DIR/projects (a comma-separated list allowed), ~/.claude/projects, ~/.config/claude/projects.</summary>
    public IReadOnlyList<SourceFolder> DefaultFolders(Func<string, string?> environment)
    {
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var list = new List<SourceFolder>();
        if (environment("CLAUDE_CONFIG_DIR") is { Length: > 0 } configDirs)
        {
            foreach (var dir in configDirs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                list.Add(new SourceFolder(Agent, Path.Combine(Path.GetFullPath(dir), "projects"), "CLAUDE_CONFIG_DIR"));
        }
        list.Add(new SourceFolder(Agent, Path.Combine(home, ".claude", "projects"), "default (~/.claude)"));
        list.Add(new SourceFolder(Agent, Path.Combine(home, ".config", "claude", "projects"), "default (~/.config/claude)"));
        return list.DistinctBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    public DiscoveryResult Discover(IReadOnlyList<string> roots, CancellationToken cancellationToken) =>
        TranscriptDiscovery.Discover(roots, cancellationToken);

    /// <summary>A Claude Code line carries its own session; one parser serves every file.</summary>
    public ILineParser ParserFor(DiscoveredFile file) => Parser;

    public Classification Classify(RecordToClassify record) => MessageClassifier.Classify(record);

    public IReadOnlyList<TypedToolResultText> TypedTextInToolResults(RecordToClassify record) => ToolResultTypedText.Extract(record);

    /// <summary>A Claude Code corpus without a person's or the model's lines is not a Claude Code export.</summary>
    public IReadOnlyList<string> ExpectedRecordTypes => ["user", "assistant"];

    /// <summary>The drift rules know Claude Code's documented format (docs/transcript-format.md).</summary>
    public bool MeasuresFormatDrift => true;

    private sealed class LineParser : ILineParser
    {
        public ParsedLine Parse(string fileId, in JsonlLine line, bool keepRaw, ILineShapeObserver? observer) =>
            TranscriptLineParser.Parse(fileId, line, keepRaw, observer);
    }
}
