using System.Collections.Frozen;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>The snake_case names under which file kinds are stored and reported: the one mapping.</summary>
public static class TranscriptFileKindNames
{
    public static string ToName(this TranscriptFileKind kind) => kind switch
    {
        TranscriptFileKind.MainSession => "main_session",
        TranscriptFileKind.FlatAgent => "flat_agent",
        TranscriptFileKind.NestedAgent => "nested_agent",
        TranscriptFileKind.MetaSidecar => "meta_sidecar",
        TranscriptFileKind.WorkflowJournal => "workflow_journal",
        TranscriptFileKind.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown file kind"),
    };

    private static readonly FrozenDictionary<string, TranscriptFileKind> ByName =
        Enum.GetValues<TranscriptFileKind>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name.</summary>
    public static TranscriptFileKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : throw new FormatException($"'{name}' is not a file kind");

    /// <summary>Only these kinds hold conversation records; the rest are inventoried, not extracted.</summary>
    public static bool IsTranscript(this TranscriptFileKind kind) =>
        kind is TranscriptFileKind.MainSession or TranscriptFileKind.FlatAgent or TranscriptFileKind.NestedAgent;
}
