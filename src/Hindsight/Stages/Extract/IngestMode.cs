namespace Hindsight.Stages.Extract;

public enum IngestMode
{
    /// <summary>Size and mtime are what was ingested: nothing to read.</summary>
    Unchanged,
    /// <summary>New file, or a file that grew with its ingested prefix intact: read from the stored offset.</summary>
    Append,
    /// <summary>The file shrank or its ingested prefix changed: its rows are replaced by a full re-read.</summary>
    Replace,
}
