using System.Collections.Concurrent;
using System.Threading.Channels;
using Hindsight.Stages.Discover;

namespace Hindsight.Stages.Extract;

/// <summary>
/// One reader and one writer of stage 1, on a connection of their own. Stage 1 runs a lane per core: each lane takes
/// the next file from the shared queue, reads and parses it, and its writer commits the file's rows with the file's
/// read position. A file belongs to one lane, so its chunks are committed in order; the lanes' transactions touch
/// different files and run side by side (with a single writer, DuckDB's appends and commits left a core idle).
/// </summary>
public sealed class ExtractionLane(FileExtractor extractor, ProfileRequests? requests, Guid runId, int batchRows, long transactionBytes, LaneCheckpoints? checkpoints)
{
    /// <summary>What this lane counted; read once every lane has finished.</summary>
    public ExtractionTotals Totals { get; } = new();

    /// <summary>Drains <paramref name="queue"/>; on a failure, cancels the other lanes through <paramref name="stop"/>.</summary>
    public async Task RunAsync(Warehouse.Warehouse? warehouse, ConcurrentQueue<FileIngestPlan> queue, IStageProgress progress, CancellationTokenSource stop)
    {
        var cancellationToken = stop.Token;
        await using var session = warehouse is null ? null : await warehouse.OpenSessionAsync(cancellationToken);
        // Two chunks in flight: the reader parses the next while the writer commits the last.
        var channel = Channel.CreateBounded<ExtractedChunk>(new BoundedChannelOptions(2)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var writer = new ExtractionWriter(session, runId, batchRows, transactionBytes, Totals, checkpoints);
        var reading = Task.Run(async () =>
        {
            try
            {
                while (queue.TryDequeue(out var plan))
                {
                    var profile = await extractor.ExtractAsync(plan, requests?.BuilderFor(plan), channel.Writer, cancellationToken);
                    if (profile is not null) requests!.Hand(plan.File.FileId, profile);
                }
                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.Complete(ex);
            }
        }, cancellationToken);

        try
        {
            await writer.ConsumeAsync(channel.Reader, progress.Advance, cancellationToken);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
