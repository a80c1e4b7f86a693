namespace Hindsight.Stages.Identify;

/// <summary>One entity type's share of a stage-3 run.</summary>
internal sealed record EntityTypeCounts(long Candidates, long Present, long Relocated, long Removed)
{
    public long Inserted => Candidates - Present;

    public static EntityTypeCounts None { get; } = new(0, 0, 0, 0);
}
