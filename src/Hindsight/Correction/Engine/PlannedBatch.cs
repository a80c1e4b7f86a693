namespace Hindsight.Correction.Engine;

/// <summary>A batch as planned, with its id (b000001, b000002, ... in plan order).</summary>
internal sealed record PlannedBatch(string Id, IReadOnlyList<PendingItem> Items);
