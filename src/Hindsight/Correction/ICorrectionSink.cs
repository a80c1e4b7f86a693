namespace Hindsight.Correction;

/// <summary>
/// Receives results as they are settled. The engine calls it from one task at a time, never concurrently, with all
/// results of one answered batch (or one group of cache hits and skips) in one call, so a batch is never half
/// reported. A sink that throws stops the run, and <see cref="CorrectionEngine.RunAsync"/> rethrows the exception.
/// After cancellation the engine still delivers what had finished, with <see cref="CancellationToken.None"/>.
/// </summary>
public interface ICorrectionSink
{
    /// <summary>Accepts a group of final results.</summary>
    ValueTask WriteAsync(IReadOnlyList<CorrectionResult> results, CancellationToken cancellationToken);
}
