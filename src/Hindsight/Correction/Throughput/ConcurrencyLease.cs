namespace Hindsight.Correction.Throughput;

/// <summary>A slot of the <see cref="AdaptiveConcurrencyLimiter"/>: the decrease epoch it was granted in, and whether the limiter was full.</summary>
public readonly record struct ConcurrencyLease(long Epoch, bool Saturated);
