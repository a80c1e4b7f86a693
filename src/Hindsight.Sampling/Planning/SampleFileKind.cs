namespace Hindsight.Sampling;

internal enum SampleFileKind
{
    Session,
    EmptySession,
    SummaryOnlySession,
    FlatAgent,
    NestedAgent,
}
