using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Consecutive lines of one file, with the file position they end at. The writer stores a chunk's rows
/// and its end position in one transaction, so a crash resumes exactly after the last committed chunk.
/// </summary>
public sealed class ExtractedChunk
{
    public required FileIngestPlan Plan { get; init; }
    /// <summary>True for the first chunk of a replace: the file's old rows are deleted with it.</summary>
    public bool ReplacesFile { get; init; }
    /// <summary>A document's chunk (<see cref="Hindsight.Sources.ITranscriptSource.IsDocument"/>): its chunks commit in one transaction.</summary>
    public bool IsDocument { get; init; }
    /// <summary>The document did not parse to its end: what its earlier chunks wrote in the open transaction is rolled back.</summary>
    public bool DiscardsDocument { get; init; }
    /// <summary>The document did not parse and is probably still being written: nothing is stored, the next run retries it.</summary>
    public bool Deferred { get; init; }
    public List<TranscriptRecord> Records { get; } = [];
    public List<DeadLetter> DeadLetters { get; } = [];
    /// <summary>The records' <c>messages</c> rows, classified as they were read (none in a dry run).</summary>
    public List<ClassifiedMessage> Messages { get; } = [];
    /// <summary>What classifying this chunk's records counted.</summary>
    public RecordClassification Classified { get; } = new();
    public long RawBytes { get; set; }
    public long EndOffset { get; set; }
    public long LinesThrough { get; set; }
    public long BlankLines { get; set; }
    public string HeadSha256 { get; set; } = "";
    public string BoundarySha256 { get; set; } = "";
    /// <summary>Fingerprints of the blocks this chunk completed or extended, stored with its position.</summary>
    public IReadOnlyList<BlockFingerprint> Blocks { get; set; } = [];
    /// <summary>Set on the file's last chunk: the file is ingested up to <see cref="EndOffset"/>.</summary>
    public bool IsLast { get; set; }
    public long PartialTailBytes { get; set; }
    public string? Error { get; set; }
    /// <summary>Secrets redacted from this chunk's content blocks and dead letters.</summary>
    public long SecretsRedacted { get; set; }

    public int RowCount => Records.Count + DeadLetters.Count;

    /// <summary>Lets go of the rows once they are written, so that a chunk waiting for its commit holds only its position.</summary>
    public void ReleaseRows()
    {
        Records.Clear();
        Records.TrimExcess();
        DeadLetters.Clear();
        DeadLetters.TrimExcess();
        Messages.Clear();
        Messages.TrimExcess();
    }
}
