namespace Hindsight.Sources.ClaudeCode;

/// <summary>Classifies a file by its place in the layout, covering every Claude Code version's layout.</summary>
public static class TranscriptFileClassifier
{
    /// <param name="relativePath">Path below the source root, with '/' or the platform separator.</param>
    public static TranscriptFileKind Classify(string relativePath)
    {
        var parts = relativePath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return TranscriptFileKind.Other;
        var name = parts[^1];
        bool underSubagents = parts.AsSpan(0, parts.Length - 1).Contains("subagents");
        bool underWorkflows = parts.AsSpan(0, parts.Length - 1).Contains("workflows");

        if (name.EndsWith(".meta.json", StringComparison.OrdinalIgnoreCase)) return TranscriptFileKind.MetaSidecar;
        if (!name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return TranscriptFileKind.Other;
        if (underWorkflows && name.Equals("journal.jsonl", StringComparison.OrdinalIgnoreCase)) return TranscriptFileKind.WorkflowJournal;
        bool isAgent = name.StartsWith("agent-", StringComparison.OrdinalIgnoreCase);
        if (isAgent && underSubagents) return TranscriptFileKind.NestedAgent;
        if (isAgent) return TranscriptFileKind.FlatAgent;
        // Any other JSONL directly in a project folder (or a folder given as a source) is a session;
        // JSONL deeper inside a session folder that is not an agent is not a transcript we know.
        return underSubagents || underWorkflows ? TranscriptFileKind.Other : TranscriptFileKind.MainSession;
    }
}
