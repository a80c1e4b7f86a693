using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>Gemini CLI's roles behind the source contract (Sources/GeminiCli/README.md).</summary>
public sealed class GeminiSource : ITranscriptSource
{
    public Agent Agent => Agent.GeminiCli;

    /// <summary>$GEMINI_DATA_DIR, else ~/.gemini/tmp (where Gemini CLI writes its chats, and ccusage looks).</summary>
    public IReadOnlyList<SourceFolder> DefaultFolders(Func<string, string?> environment)
    {
        if (environment(GeminiDataDir.EnvironmentVariable) is { Length: > 0 } dataDir)
            return [new SourceFolder(Agent, Path.GetFullPath(dataDir), GeminiDataDir.EnvironmentVariable)];
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [new SourceFolder(Agent, Path.Combine(home, ".gemini", "tmp"), "default (~/.gemini/tmp)")];
    }

    public DiscoveryResult Discover(IReadOnlyList<string> roots, CancellationToken cancellationToken) =>
        GeminiDiscovery.Discover(roots, cancellationToken);

    public ILineParser ParserFor(DiscoveredFile file) => new GeminiMessageParser(GeminiDataDir.FallbackSessionOf(file.Path));

    public bool IsDocument(DiscoveredFile file) => GeminiDataDir.IsDocument(file.Path);

    /// <summary>A <c>.json</c> chat is read as a document, its messages one by one; a <c>.jsonl</c> chat line by line.</summary>
    public ILineReader ReaderFor(DiscoveredFile file, ILineParser parser, int maxLineBytes) =>
        IsDocument(file)
            ? new GeminiDocumentReader(maxLineBytes, parser as GeminiMessageParser)
            : new GeminiJsonlReader(maxLineBytes, parser as GeminiMessageParser);

    public Classification Classify(RecordToClassify record) => GeminiClassifier.Classify(record);

    /// <summary>A message's tokens are billed as a call, computed whole over the stored messages.</summary>
    public IAgentCallRules? CallRules { get; } = new GeminiCallRules();
}
