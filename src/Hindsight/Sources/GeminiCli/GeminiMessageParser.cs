using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// One message of a chat (an item of a <c>.json</c> document's <c>messages</c>, or a line of a <c>.jsonl</c> chat) as a
/// record or a dead letter. The message is first read as any transcript line is (<see cref="TranscriptLineParser"/>:
/// UTF-8, JSON, an object with a string <c>type</c>, the raw bytes and their hash kept, the same dead letters); then
/// <see cref="GeminiMessage"/> fills the typed columns and content blocks. A <c>.jsonl</c> chat's header and
/// <c>$set</c> lines have no type and are kept as records of their own. A message says nothing of its session: the
/// parser is made per file with the file's name as the session, replaced by the header's <c>sessionId</c> once the
/// reader meets it.
/// </summary>
public sealed class GeminiMessageParser(string fallbackSessionId) : ILineParser
{
    private string _sessionId = fallbackSessionId;

    /// <summary>The session the header names (an empty or unreadable id leaves the file's own).</summary>
    public void SeeSessionId(string? sessionId)
    {
        if (!string.IsNullOrWhiteSpace(sessionId)) _sessionId = sessionId;
    }

    public ParsedLine Parse(string fileId, in JsonlLine line, bool keepRaw, ILineShapeObserver? observer)
    {
        var parsed = TranscriptLineParser.Parse(fileId, line, keepRaw, observer: null);
        if (parsed.DeadLetter is { } dead)
        {
            if (dead.Reason == DeadLetterReason.MissingType && Untyped(fileId, line, keepRaw) is { } untyped) return new ParsedLine(untyped, null);
            return new ParsedLine(null, dead with { Agent = Agent.GeminiCli });
        }
        var record = parsed.Record! with { Agent = Agent.GeminiCli, SessionId = _sessionId };
        try
        {
            using var document = Parse(line);
            return new ParsedLine(GeminiMessage.Fill(record, document.RootElement), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The line passed the transcript parser's walk; a message this reader cannot take is kept as the bare record.
            return new ParsedLine(record, null);
        }
    }

    /// <summary>A <c>.jsonl</c> chat's header (it holds <c>sessionId</c>) or <c>$set</c> line; null for any other object without a type.</summary>
    private TranscriptRecord? Untyped(string fileId, in JsonlLine line, bool keepRaw)
    {
        try
        {
            using var document = Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string type;
            if (root.TryGetProperty("sessionId", out var id) && id.ValueKind == JsonValueKind.String) type = GeminiRecordTypes.SessionHeader;
            else if (root.TryGetProperty("$set", out var set) && set.ValueKind == JsonValueKind.Object) type = GeminiRecordTypes.MetadataUpdate;
            else return null;
            if (type == GeminiRecordTypes.SessionHeader) SeeSessionId(id.GetString());
            var bytes = line.Bytes.Span;
            return new TranscriptRecord
            {
                FileId = fileId,
                Agent = Agent.GeminiCli,
                LineNumber = line.LineNumber,
                ByteOffset = line.ByteOffset,
                Type = type,
                SessionId = _sessionId,
                Timestamp = GeminiMessage.Time(root, type == GeminiRecordTypes.SessionHeader ? "startTime" : "$set"),
                Raw = keepRaw ? bytes.ToArray() : [],
                RawSha256 = keepRaw ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonDocument Parse(in JsonlLine line) =>
        JsonDocument.Parse(TranscriptLineParser.WithUnpairedSurrogatesReplaced(line.Bytes), new JsonDocumentOptions { MaxDepth = TranscriptLineParser.MaxJsonDepth });
}
