namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Opens a transcript for one sequential pass. Shared for read, write and delete, because Claude Code may be
/// appending to the file (or the user deleting it) while Hindsight reads; unbuffered, because the line reader
/// brings its own buffer.
/// </summary>
public static class TranscriptFileStream
{
    public static FileStream OpenForReading(DiscoveredFile file) => OpenForReading(file.Path);

    /// <summary>A handle for random-access reads (fingerprints, checks), shared like <see cref="OpenForReading(string)"/>.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenHandle(DiscoveredFile file) =>
        File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);

    public static FileStream OpenForReading(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            BufferSize = 0,
        });
}
