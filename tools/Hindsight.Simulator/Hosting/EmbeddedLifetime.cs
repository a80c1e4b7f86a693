using Microsoft.Extensions.Hosting;

namespace Hindsight.Simulator;

/// <summary>
/// Replaces the console lifetime the web host would install: an embedded server must not take over
/// the process's Ctrl+C and SIGTERM handling; its owner stops it by disposing it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
