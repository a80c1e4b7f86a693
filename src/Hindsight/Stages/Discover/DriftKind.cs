namespace Hindsight.Stages.Discover;

/// <summary>What an unknown name is: a record type, a subtype (<c>type/subtype</c>) or a top-level field.</summary>
public enum DriftKind
{
    RecordType,
    Subtype,
    TopLevelField,
}
