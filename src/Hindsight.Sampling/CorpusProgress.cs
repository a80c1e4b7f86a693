namespace Hindsight.Sampling;

/// <summary>Progress of a generation: files finished out of all, and what they hold so far.</summary>
public readonly record struct CorpusProgress(int FilesDone, int FilesTotal, long LinesWritten, long BytesWritten);
