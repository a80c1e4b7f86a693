using System.Threading.Channels;

namespace Hindsight.Watch;

/// <summary>
/// `hindsight watch`'s loop: waits for what <see cref="WatchSchedule"/> says is due (a change, a rescan, a
/// correction) and runs that pass, one at a time, until cancelled. A pass opens and closes the warehouse itself, so
/// between passes other processes (report, query, search) can open it. Changes seen during a pass start the next one.
/// </summary>
public sealed class WatchLoop(TimeProvider time, WatchTiming timing)
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        // One pending note is as good as a thousand: a pass reads every change there is.
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Takes note of a change (any thread; never blocks).</summary>
    public void Changed() => _changes.Writer.TryWrite(true);

    /// <summary>Runs passes until <paramref name="cancellationToken"/> is cancelled; returns when it is (never throws for it).</summary>
    /// <param name="runPass">
    /// Runs one pass; false when it could not start (another process held the warehouse), so an ingest is tried again
    /// after the debounce. Whether a pass that ran succeeded is its own business (shown, recorded in runs).
    /// </param>
    public async Task RunAsync(Func<WatchPass, CancellationToken, Task<bool>> runPass, CancellationToken cancellationToken)
    {
        var schedule = new WatchSchedule(time, timing);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TakeChanges(schedule);
                var decision = schedule.Next();
                if (decision.Pass is not { } pass)
                {
                    await WaitForChangeAsync(decision.Delay, cancellationToken);
                    continue;
                }
                if (pass == WatchPass.Correct)
                {
                    await runPass(pass, cancellationToken);
                    schedule.CorrectionFinished();
                    continue;
                }
                schedule.IngestStarted();
                bool ran = false;
                try
                {
                    ran = await runPass(pass, cancellationToken);
                }
                finally
                {
                    schedule.IngestFinished();
                }
                if (!ran) schedule.Changed();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the pass under way stopped after its transaction; the loop ends here.
        }
    }

    private void TakeChanges(WatchSchedule schedule)
    {
        bool any = false;
        while (_changes.Reader.TryRead(out _)) any = true;
        if (any) schedule.Changed();
    }

    private async Task WaitForChangeAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await _changes.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(delay, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing changed in time: the schedule decides what the delay was for.
        }
    }
}
