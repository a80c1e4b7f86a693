using System.Runtime.InteropServices;

namespace Hindsight.Cli;

/// <summary>
/// Ctrl-C and SIGTERM, the graceful way: the first signal cancels the run's token, so the transaction being written
/// commits or rolls back whole, the run is recorded as cancelled, and the command exits 1 with a message. A second
/// signal is left to the runtime's default, which ends the process at once (the warehouse stays consistent either
/// way: every write is a transaction).
/// </summary>
public sealed class GracefulCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public GracefulCancellation(TextWriter error)
    {
        _error = error;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1) return;
        context.Cancel = true;
        _error.WriteLine($"{context.Signal}: stopping after the current transaction (send it again to stop at once)");
        // Off the signal thread: cancellation callbacks run synchronously and must not delay the handler.
        _ = Task.Run(_source.CancelAsync);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
