namespace Hindsight.Sources.ClaudeCode;

/// <summary>What a file under a Claude Code projects folder is (docs/transcript-format.md §2.1).</summary>
public enum TranscriptFileKind
{
    MainSession,
    FlatAgent,
    NestedAgent,
    MetaSidecar,
    WorkflowJournal,
    Other,
}
