namespace Hindsight.Warehouse;

/// <summary>One numbered schema step. Applied once, in order, inside a transaction; never edited after release.</summary>
public sealed record Migration(int Version, string Name, string Sql);
