using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Reads one file from start to end, line by line, into a <see cref="FileProfile"/>: discovery on its own, and the
/// files a run's extraction does not read in full (see <see cref="ProfileRequests"/>).
/// </summary>
public static class FileProfiler
{
    public static async Task<FileProfile> ProfileAsync(DiscoveredFile file, int maxLineBytes, CancellationToken cancellationToken)
    {
        var builder = new FileProfileBuilder(keepRaw: false);
        // Nothing to read, and opening could block for ever: a named pipe or a device also reports size 0.
        if (file.SizeBytes == 0) return builder.Finish(0, 0);
        var source = Hindsight.Sources.TranscriptSources.For(file.Agent);
        var parser = source.ParserFor(file);
        var reader = source.ReaderFor(file, parser, maxLineBytes);
        try
        {
            await using var stream = TranscriptFileStream.OpenForReading(file);
            var result = await reader.ReadAsync(stream, 0, 1, line =>
            {
                builder.Observe(file.FileId, line, parser);
                return ValueTask.CompletedTask;
            }, cancellationToken);
            return builder.Finish(result.LinesRead, result.PartialTailBytes);
        }
        catch (Hindsight.Sources.UnreadableDocumentException ex)
        {
            // As extraction will take it: a document still being written is a pending tail, an older one a dead letter.
            if (Hindsight.Sources.DocumentRetry.IsProbablyBeingWritten(file.ModifiedUtc, DateTimeOffset.UtcNow))
                return FileProfileBuilder.OfUnreadableDocument(null, file.SizeBytes);
            return FileProfileBuilder.OfUnreadableDocument(await Hindsight.Sources.DocumentDeadLetter.ReadAsync(file, ex, cancellationToken), file.SizeBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return builder.Fail(ex.Message);
        }
    }
}
