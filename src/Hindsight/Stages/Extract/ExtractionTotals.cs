namespace Hindsight.Stages.Extract;

/// <summary>The counts extraction reconciles: lines read = records + dead letters + blank lines.</summary>
public sealed class ExtractionTotals
{
    public long FilesUnchanged { get; set; }
    public long FilesAppended { get; set; }
    public long FilesReplaced { get; set; }
    public long FilesFailed { get; set; }
    /// <summary>Documents that did not parse and are probably still being written: retried on the next run.</summary>
    public long DocumentsDeferred { get; set; }
    public long LinesRead { get; set; }
    public long BlankLines { get; set; }
    public long Records { get; set; }
    public long DeadLetters { get; set; }
    public long ContentBlocks { get; set; }
    public long PartialTails { get; set; }
    public long PartialTailBytes { get; set; }
    public long BytesRead { get; set; }
    /// <summary>Bytes of the files read, from each plan's start to its end: newlines, blank lines and partial tails included.</summary>
    public long FileBytesRead { get; set; }
    /// <summary>Files profiled for discovery in this read.</summary>
    public long FilesProfiled { get; set; }
    public long Transactions { get; set; }
    public long SecretsRedacted { get; set; }
    /// <summary>Stored rows redacted again because the secret rules changed.</summary>
    public long RowsReRedacted { get; set; }
    public Dictionary<string, long> DeadLetterReasons { get; } = [];
    /// <summary>The records classified as they were read, by kind.</summary>
    public Clean.RecordClassification Classified { get; } = new();
    public List<string> FileErrors { get; } = [];

    /// <summary>Adds what one extraction lane counted (the lanes count apart, so no count is shared between threads).</summary>
    public void Add(ExtractionTotals lane)
    {
        Records += lane.Records;
        DeadLetters += lane.DeadLetters;
        BytesRead += lane.BytesRead;
        SecretsRedacted += lane.SecretsRedacted;
        ContentBlocks += lane.ContentBlocks;
        FilesFailed += lane.FilesFailed;
        DocumentsDeferred += lane.DocumentsDeferred;
        BlankLines += lane.BlankLines;
        FileBytesRead += lane.FileBytesRead;
        PartialTails += lane.PartialTails;
        PartialTailBytes += lane.PartialTailBytes;
        FilesReplaced += lane.FilesReplaced;
        FilesAppended += lane.FilesAppended;
        Transactions += lane.Transactions;
        Classified.Add(lane.Classified);
        foreach (var (reason, count) in lane.DeadLetterReasons) DeadLetterReasons[reason] = DeadLetterReasons.GetValueOrDefault(reason) + count;
        FileErrors.AddRange(lane.FileErrors);
    }
}
