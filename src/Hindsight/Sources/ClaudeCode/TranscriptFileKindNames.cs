namespace Hindsight.Sources.ClaudeCode;

/// <summary>The snake_case names under which file kinds are stored and reported.</summary>
public static class TranscriptFileKindNames
{
    public static string ToName(this TranscriptFileKind kind) => kind switch
    {
        TranscriptFileKind.MainSession => "main_session",
        TranscriptFileKind.FlatAgent => "flat_agent",
        TranscriptFileKind.NestedAgent => "nested_agent",
        TranscriptFileKind.MetaSidecar => "meta_sidecar",
        TranscriptFileKind.WorkflowJournal => "workflow_journal",
        _ => "other",
    };

    /// <summary>Only these kinds hold conversation records; the rest are inventoried, not extracted.</summary>
    public static bool IsTranscript(this TranscriptFileKind kind) =>
        kind is TranscriptFileKind.MainSession or TranscriptFileKind.FlatAgent or TranscriptFileKind.NestedAgent;
}
