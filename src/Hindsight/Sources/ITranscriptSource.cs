using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources;

/// <summary>
/// The source-adapter contract (Sources/README.md): what a stage asks of the agent whose file it reads. Each agent's
/// folder implements it once; the stages pick the implementation by the file's <see cref="DiscoveredFile.Agent"/>
/// (<see cref="TranscriptSources.For"/>), and nothing outside the source folder knows the agent's format.
/// </summary>
public interface ITranscriptSource
{
    Agent Agent { get; }

    /// <summary>
    /// Discovery's defaults: where the agent keeps its files when no <c>--source</c> is given, in precedence order, each
    /// with where it came from (an environment variable or the home folder). Folders that do not exist are listed too:
    /// <c>hindsight config</c> shows them; discovery reads only those that exist.
    /// </summary>
    IReadOnlyList<SourceFolder> DefaultFolders(Func<string, string?> environment);

    /// <summary>Discovery: every file under the roots, each classified by its place in the agent's layout.</summary>
    DiscoveryResult Discover(IReadOnlyList<string> roots, CancellationToken cancellationToken);

    /// <summary>The parser of one file's lines (a file may tell its parser what its lines do not, e.g. its session).</summary>
    ILineParser ParserFor(DiscoveredFile file);

    /// <summary>
    /// True when the file is one document (a Gemini CLI chat's <c>.json</c>) rather than lines: it is read whole on any
    /// change of size or mtime, its rows replaced in one transaction, never appended to.
    /// </summary>
    bool IsDocument(DiscoveredFile file) => false;

    /// <summary>
    /// The reader of one file, for <paramref name="parser"/> (from <see cref="ParserFor"/>): a document's reader tells
    /// its parser what the document's header says (its session). JSONL by default.
    /// </summary>
    ILineReader ReaderFor(DiscoveredFile file, ILineParser parser, int maxLineBytes) => new JsonlLineReader(maxLineBytes);

    /// <summary>Classification: who typed a record (a person, a tool, a harness, a program), with what confidence.</summary>
    Classification Classify(RecordToClassify record);

    /// <summary>
    /// Classification: text a person typed inside a record's tool results (a rejection's feedback, an answer to a
    /// question), each a row of its own beside the record's. None by default.
    /// </summary>
    IReadOnlyList<TypedToolResultText> TypedTextInToolResults(RecordToClassify record) => [];

    /// <summary>
    /// Discovery: the record types every corpus of this agent holds; when none of its files has one, discovery warns
    /// that the export format may not be what the reader expects. None by default.
    /// </summary>
    IReadOnlyList<string> ExpectedRecordTypes => [];

    /// <summary>Discovery: whether this agent's records are measured for format drift (against the format the drift rules know).</summary>
    bool MeasuresFormatDrift => false;

    /// <summary>
    /// Cleaning: whether a forked (or subagent) session starts by replaying its parent's lines byte for byte under its
    /// own session; stage 2 then marks the copies <c>forked_replay</c> duplicates. No by default.
    /// </summary>
    bool ForksReplayParentLines => false;

    /// <summary>
    /// Usage: stage 2's rules for an agent whose calls are computed whole from its stored records (its usage is
    /// cumulative or spread over lines); null when each record carries its own call's usage, as Claude Code's do.
    /// </summary>
    IAgentCallRules? CallRules => null;
}
