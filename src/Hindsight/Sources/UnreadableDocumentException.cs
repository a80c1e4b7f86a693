namespace Hindsight.Sources;

/// <summary>
/// A document (a whole-file JSON source, <see cref="ITranscriptSource.IsDocument"/>) that does not parse: cut off
/// mid-write, or not the JSON its source expects. Stage 1 retries it while it is probably still being written
/// (<see cref="DocumentRetry"/>), then keeps it as one dead letter with this reason.
/// </summary>
public sealed class UnreadableDocumentException(long atByte, string reason, Exception? inner = null)
    : Exception($"the document does not parse at byte {atByte}: {reason}", inner)
{
    public long AtByte { get; } = atByte;
}
