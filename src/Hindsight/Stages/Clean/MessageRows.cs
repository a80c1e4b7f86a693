using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// A record's place in <c>messages</c>: who, where and when, before its classification. <paramref name="SessionId"/> is
/// the line's own sessionId, or null for a line without one (a summary, a file-history snapshot): the file's session
/// is given to it once the whole file is stored (<see cref="FileWideClassification"/>).
/// </summary>
/// <param name="BlockIndex">Null for the record's own row; the tool-result block for typed text found inside it.</param>
public sealed record MessageRow(
    string FileId, long LineNo, string RecordType, string? SessionId, string Project, string? AgentId, string? Uuid,
    string? ParentUuid, string? Role, DateTimeOffset? Timestamp, string? Model, bool IsSidechain, Guid IngestRunId, int? BlockIndex, string Agent);

/// <summary>A row of <c>messages</c>: the record's place and its classification.</summary>
public readonly record struct ClassifiedMessage(MessageRow Row, Classification Class);

/// <summary>How <c>messages</c> is written, by stage 1 as it reads (and by stage 2 for records stored without a row).</summary>
internal static class MessageRows
{
    /// <summary>A classified record as <c>messages</c> stores it; duplicate marks are stage 2's, so they start unset.</summary>
    public static readonly TableLayout<ClassifiedMessage> Layout = new TableLayout<ClassifiedMessage>("messages")
        .Text("file_id", m => m.Row.FileId)
        .BigInt("line_no", m => m.Row.LineNo)
        .Text("record_type", m => m.Row.RecordType)
        .Text("session_id", m => m.Row.SessionId)
        .Text("project", m => m.Row.Project)
        .Text("agent_id", m => m.Row.AgentId)
        .Text("uuid", m => m.Row.Uuid)
        .Text("parent_uuid", m => m.Row.ParentUuid)
        .Text("role", m => m.Row.Role)
        .Text("kind", m => m.Class.Kind.ToName())
        .Text("confidence", m => m.Class.Confidence?.ToName())
        .Text("confidence_reason", m => m.Class.Reason)
        .Text("text", m => m.Class.Text)
        .Text("command_name", m => m.Class.Command)
        .Integer("content_length", m => m.Class.Text?.Length ?? 0)
        .Integer("word_count", m => m.Class.Text is { } text ? TextNormalizer.WordCount(text) : 0)
        .TimestampTz("timestamp_utc", m => m.Row.Timestamp)
        .Date("content_date", m => m.Row.Timestamp is { } t ? DateOnly.FromDateTime(t.UtcDateTime) : null)
        .Text("model", m => m.Row.Model)
        .Boolean("is_sidechain", m => m.Row.IsSidechain)
        .Boolean("is_duplicate", _ => false)
        .Text("duplicate_reason", _ => null)
        .Text("duplicate_of_file_id", _ => null)
        .BigInt("duplicate_of_line_no", _ => null)
        .Uuid("ingest_run_id", m => m.Row.IngestRunId)
        .Integer("block_index", m => m.Row.BlockIndex)
        .Text("agent", m => m.Row.Agent);
}
