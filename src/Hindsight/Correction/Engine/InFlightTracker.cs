namespace Hindsight.Correction.Engine;

/// <summary>Counts running batch tasks without keeping them, and completes once the dispatcher is done and all have ended.</summary>
internal sealed class InFlightTracker
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running = 1;

    internal void Track(Task task)
    {
        Interlocked.Increment(ref _running);
        task.ContinueWith(static (_, state) => ((InFlightTracker)state!).Leave(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Called once by the dispatcher when it stops dispatching; returns when every tracked task has ended.</summary>
    internal Task DrainAsync()
    {
        Leave();
        return _drained.Task;
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _drained.TrySetResult();
        }
    }
}
