using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>The field inventory and the drift collector of one file, shown each line by the same walk.</summary>
public sealed class FieldObservers(FieldInventory inventory, DriftCollector drift) : ILineShapeObserver
{
    public void LineStarted()
    {
        inventory.LineStarted();
        drift.LineStarted();
    }

    public bool Property(int depth, ReadOnlySpan<char> name) => drift.Property(depth, name) | inventory.Property(depth, name);

    public bool Element(int depth, int index) => inventory.Element(depth, index);

    public void LineAccepted()
    {
        inventory.LineAccepted();
        drift.LineAccepted();
    }
}
