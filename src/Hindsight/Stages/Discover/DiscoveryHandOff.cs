using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// What discovery hands to extraction in the same run, passed by the pipeline: the files it found (so extraction does
/// not walk the folders again), their fingerprint (extraction skips its planning when it last saw the same), and, when
/// discovery's decision waits on extraction's pass, the profiles it asked that pass for.
/// </summary>
/// <param name="Discovery">Every file found under the source folders.</param>
/// <param name="InventorySignature">A fingerprint of every file's path, root, kind, size and mtime.</param>
/// <param name="Pending">Set when discovery decides after extraction's pass (<see cref="DiscoveryStage.CompleteAsync"/>).</param>
public sealed record DiscoveryHandOff(DiscoveryResult Discovery, string InventorySignature, PendingDiscovery? Pending);

