using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// The lines outside the conversation chain (no uuid, no parent): session summaries, file-history snapshots, queue
/// operations, and the one-field session lines (permission-mode, last-prompt, custom-title).
/// </summary>
internal sealed class MetadataRecords(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private TranscriptBuffer Out => chain.Out;
    private ClaudeVersion Version => chain.Version;

    /// <summary>A session summary (up to 2.0.x) naming the chain tip it summarizes.</summary>
    public void WriteSummary(string leafUuid)
    {
        var w = Out.Begin();
        w.WriteStartObject();
        w.WriteString("type", "summary");
        w.WriteString("summary", Random.Pick(TextPools.SessionTitles));
        w.WriteString("leafUuid", leafUuid);
        w.WriteEndObject();
        Out.End("summary");
    }

    /// <summary>The backups of the files the chain edited so far, at a prompt or after an edit (an update).</summary>
    public void WriteFileHistorySnapshot(string messageId, bool update)
    {
        var w = Out.Begin();
        w.WriteStartObject();
        w.WriteString("type", "file-history-snapshot");
        w.WriteString("messageId", messageId);
        w.WritePropertyName("snapshot");
        w.WriteStartObject();
        w.WriteString("messageId", messageId);
        w.WritePropertyName("trackedFileBackups");
        w.WriteStartObject();
        var version = 1;
        foreach (var path in chain.EditedFiles)
        {
            w.WritePropertyName(path);
            w.WriteStartObject();
            w.WriteString("backupFileName", $"{Ids.HexChars(Random, 16)}@v{version}");
            w.WriteNumber("version", version);
            Conversation.WriteTimestamp(w, "backupTime", chain.Clock);
            w.WriteEndObject();
            version = version % 4 + 1;
        }
        w.WriteEndObject();
        Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
        w.WriteEndObject();
        w.WriteBoolean("isSnapshotUpdate", update);
        w.WriteEndObject();
        Out.End("file-history-snapshot");
    }

    /// <summary>A prompt queue operation (enqueue, dequeue, remove), with the queued text when there is one.</summary>
    public void WriteQueueOperation(string operation, string? content)
    {
        var w = Out.Begin();
        w.WriteStartObject();
        w.WriteString("type", "queue-operation");
        w.WriteString("operation", operation);
        Conversation.WriteTimestamp(w, "timestamp", chain.Clock);
        if (content is not null)
        {
            if (Version.Era == TranscriptEra.V20)
            {
                w.WritePropertyName("content");
                w.WriteStartArray();
                ContentBlocks.WriteText(w, content);
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("content", content);
            }
        }
        w.WriteString("sessionId", chain.SessionId);
        w.WriteEndObject();
        Out.End("queue-operation");
        Out.Counters.CountKind("queue-operation/" + operation);
    }

    /// <summary>A one-field session line, e.g. {"type":"permission-mode","permissionMode":...,"sessionId":...}.</summary>
    public void WriteSessionField(string type, string field, string value)
    {
        var w = Out.Begin();
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString(field, value);
        w.WriteString("sessionId", chain.SessionId);
        w.WriteEndObject();
        Out.End(type);
    }
}
