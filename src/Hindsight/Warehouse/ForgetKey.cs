namespace Hindsight.Warehouse;

/// <summary>How a table's rows are tied to a source: by the file they came from, or by an entity located in such a file.</summary>
public enum ForgetKey
{
    FileId,
    EntityId,
}
