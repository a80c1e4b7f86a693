using Microsoft.Win32.SafeHandles;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Opens a transcript for one sequential pass. Shared for read, write and delete, because Claude Code may be
/// appending to the file (or the user deleting it) while Hindsight reads; unbuffered, because the line reader
/// brings its own buffer. A path that stands for a name with invalid UTF-8 bytes is opened through its bytes.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It opens transcripts as FileStreams; the name says what it hands out.")]
public static class TranscriptFileStream
{
    public static FileStream OpenForReading(DiscoveredFile file) => OpenForReading(file.Path);

    public static FileStream OpenForReading(string path)
    {
        if (NativeFileName.StandsForBytes(path))
            return new FileStream(NativeFileName.OpenRead(path), FileAccess.Read, bufferSize: 0);
        return new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            BufferSize = 0,
        });
    }

    public static SafeFileHandle OpenHandle(DiscoveredFile file) => OpenHandle(file.Path);

    /// <summary>A handle for random-access reads (fingerprints, checks), shared like <see cref="OpenForReading(string)"/>.</summary>
    public static SafeFileHandle OpenHandle(string path) =>
        NativeFileName.StandsForBytes(path)
            ? NativeFileName.OpenRead(path)
            : File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
}
