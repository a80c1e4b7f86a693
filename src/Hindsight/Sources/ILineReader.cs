using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources;

/// <summary>
/// The reader role: a file as a sequence of lines, each handed to the file's parser. A JSONL file's lines are its
/// physical lines (<see cref="JsonlLineReader"/>); a document's are its items (a Gemini CLI chat's messages), each
/// with its byte range in the file.
/// </summary>
public interface ILineReader
{
    /// <summary>
    /// Reads from <paramref name="startOffset"/> (0, or where a previous read of a line-based file ended) and calls
    /// <paramref name="onLine"/> for each line. A document that does not parse throws <see cref="UnreadableDocumentException"/>.
    /// </summary>
    Task<JsonlReadResult> ReadAsync(
        Stream stream,
        long startOffset,
        long firstLineNumber,
        Func<JsonlLine, ValueTask> onLine,
        CancellationToken cancellationToken,
        ConsumedBytesObserver? consumed = null);
}
