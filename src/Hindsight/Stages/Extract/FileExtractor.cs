using System.Threading.Channels;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Clean;
using Hindsight.Stages.Discover;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Reads one file from its planned offset and sends its lines, parsed, as chunks to the writer.
/// Chunks are bounded in rows and bytes, and the channel is bounded, so memory does not grow with
/// the file or the corpus. Given a <see cref="FileProfileBuilder"/>, it profiles the file in the same read (each
/// line parsed once) and returns the file's profile for discovery. Given the run, it classifies each record in the same
/// read too (stage 2's per-record part): the writer stores its <c>messages</c> rows with the record.
/// </summary>
/// <param name="classifyForRun">The run that ingests the rows, whose id the <c>messages</c> rows carry; null in a dry run, which classifies nothing.</param>
public sealed class FileExtractor(int batchRows, long batchBytes, int maxLineBytes, Guid? classifyForRun)
{
    /// <returns>The file's profile when a builder was given (with its error if the read failed), else null.</returns>
    public async Task<FileProfile?> ExtractAsync(FileIngestPlan plan, FileProfileBuilder? profile, ChannelWriter<ExtractedChunk> output, CancellationToken cancellationToken)
    {
        var file = plan.File;
        // The file's own source reads it (Sources/README.md): Claude Code's parser, Codex's, ...
        var source = Hindsight.Sources.TranscriptSources.For(file.Agent);
        var parser = source.ParserFor(file);
        // A document is always read whole, its old rows (if any) replaced in the transaction that holds its new ones.
        bool isDocument = source.IsDocument(file);
        bool replacePending = plan.Mode == IngestMode.Replace || isDocument;
        ExtractedChunk NewChunk()
        {
            var chunk = new ExtractedChunk { Plan = plan, ReplacesFile = replacePending, IsDocument = isDocument };
            replacePending = false;
            return chunk;
        }

        var fingerprinter = plan.Blocks ?? new BlockFingerprinter();
        if (fingerprinter.Offset != plan.StartOffset)
            throw new InvalidOperationException($"block fingerprints stand at {fingerprinter.Offset}, reading starts at {plan.StartOffset}");
        ExtractedChunk chunk = NewChunk();
        if (file.SizeBytes == 0)
        {
            // Nothing to read, and opening could block for ever: a named pipe or a device also reports size 0.
            chunk.IsLast = true;
            chunk.LinesThrough = plan.StartLine - 1;
            (chunk.HeadSha256, chunk.BoundarySha256) = PrefixFingerprint.OfEmptyPrefix;
            await output.WriteAsync(chunk, cancellationToken);
            return profile?.Finish(0, 0);
        }
        try
        {
            await using var stream = TranscriptFileStream.OpenForReading(file);
            using var handle = TranscriptFileStream.OpenHandle(file);
            var reader = source.ReaderFor(file, parser, maxLineBytes);
            var result = await reader.ReadAsync(stream, plan.StartOffset, plan.StartLine, async line =>
            {
                var parsed = profile is null ? parser.Parse(file.FileId, line, keepRaw: true, observer: null) : profile.Observe(file.FileId, line, parser);
                // Secrets are redacted here, in the parallel readers, once: only records.raw keeps what was written.
                long redactions = 0;
                if (parsed.Record is { } record)
                {
                    var redacted = BlockRedactor.Redact(record, ref redactions);
                    chunk.Records.Add(redacted);
                    if (classifyForRun is { } runId) chunk.Classified.Classify(source, RecordToClassify.Of(redacted), MessageRowOf(redacted, file, runId), chunk.Messages);
                }
                else chunk.DeadLetters.Add(BlockRedactor.Redact(parsed.DeadLetter!, ref redactions));
                chunk.SecretsRedacted += redactions;
                chunk.RawBytes += line.Bytes.Length;
                chunk.EndOffset = line.NextOffset;
                chunk.LinesThrough = line.LineNumber;
                if (chunk.RowCount >= batchRows || chunk.RawBytes >= batchBytes)
                {
                    await SealAsync(chunk, handle, fingerprinter, cancellationToken);
                    await output.WriteAsync(chunk, cancellationToken);
                    chunk = NewChunk();
                }
            }, cancellationToken, fingerprinter.Append);

            // A partial tail longer than --max-line-bytes was hashed as it streamed past; it is not ingested.
            if (fingerprinter.Offset > result.EndOffset) await fingerprinter.RewindAsync(handle, result.EndOffset, cancellationToken);

            chunk.IsLast = true;
            chunk.EndOffset = result.EndOffset;
            chunk.LinesThrough = plan.StartLine + result.LinesRead - 1;
            chunk.BlankLines = result.BlankLines;
            chunk.PartialTailBytes = result.PartialTailBytes;
            await SealAsync(chunk, handle, fingerprinter, cancellationToken);
            await output.WriteAsync(chunk, cancellationToken);
            return profile?.Finish(result.LinesRead, result.PartialTailBytes);
        }
        catch (UnreadableDocumentException ex)
        {
            return await UnreadableAsync(plan, ex, profiling: profile is not null, output, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // What was already sent stays committed with its position; this file resumes there next run (a document's is
            // discarded: it keeps its earlier rows and is read whole again).
            var failed = new ExtractedChunk { Plan = plan, IsLast = true, EndOffset = -1, Error = ex.Message, IsDocument = isDocument, DiscardsDocument = isDocument };
            await output.WriteAsync(failed, cancellationToken);
            return profile?.Fail(ex.Message);
        }
    }

    /// <summary>
    /// A document that does not parse: what its chunks sent is discarded; one probably still being written
    /// (<see cref="DocumentRetry"/>) is left for the next run, an older one becomes one dead letter. Its profile (when
    /// <paramref name="profiling"/>) counts it as it is stored: a pending tail, or one unreadable line.
    /// </summary>
    private static async Task<FileProfile?> UnreadableAsync(FileIngestPlan plan, UnreadableDocumentException error, bool profiling, ChannelWriter<ExtractedChunk> output, CancellationToken cancellationToken)
    {
        var file = plan.File;
        if (DocumentRetry.IsProbablyBeingWritten(file.ModifiedUtc, DateTimeOffset.UtcNow))
        {
            await output.WriteAsync(new ExtractedChunk { Plan = plan, IsDocument = true, DiscardsDocument = true, Deferred = true, IsLast = true }, cancellationToken);
            return profiling ? FileProfileBuilder.OfUnreadableDocument(null, file.SizeBytes) : null;
        }
        long redactions = 0;
        var dead = BlockRedactor.Redact(await DocumentDeadLetter.ReadAsync(file, error, cancellationToken), ref redactions);
        var chunk = new ExtractedChunk
        {
            Plan = plan, IsDocument = true, DiscardsDocument = true, ReplacesFile = true, IsLast = true,
            EndOffset = dead.RawLength, LinesThrough = 1, RawBytes = dead.RawLength, SecretsRedacted = redactions,
        };
        chunk.DeadLetters.Add(dead);
        using var handle = TranscriptFileStream.OpenHandle(file);
        var fingerprinter = new BlockFingerprinter();
        await fingerprinter.FeedFromAsync(handle, dead.RawLength, cancellationToken);
        await SealAsync(chunk, handle, fingerprinter, cancellationToken);
        await output.WriteAsync(chunk, cancellationToken);
        return profiling ? FileProfileBuilder.OfUnreadableDocument(dead, file.SizeBytes) : null;
    }

    /// <summary>
    /// The record's place in <c>messages</c>. A line without a sessionId gets its file's session in stage 2, once the
    /// whole file is stored (<see cref="FileWideClassification"/>).
    /// </summary>
    private static MessageRow MessageRowOf(TranscriptRecord record, DiscoveredFile file, Guid runId) => new(
        record.FileId, record.LineNumber, record.Type, record.SessionId, file.Project, record.AgentId, record.Uuid, record.ParentUuid,
        record.MessageRole, record.Timestamp, record.MessageModel, record.IsSidechain ?? false, runId, BlockIndex: null, record.Agent.ToName());

    private static async Task SealAsync(ExtractedChunk chunk, SafeFileHandle handle, BlockFingerprinter fingerprinter, CancellationToken cancellationToken)
    {
        chunk.Blocks = fingerprinter.Drain();
        if (chunk.EndOffset <= 0 && chunk.RowCount == 0)
        {
            chunk.EndOffset = Math.Max(chunk.EndOffset, chunk.Plan.StartOffset);
        }
        (chunk.HeadSha256, chunk.BoundarySha256) = await PrefixFingerprint.ComputeAsync(handle, chunk.EndOffset, cancellationToken);
    }
}
