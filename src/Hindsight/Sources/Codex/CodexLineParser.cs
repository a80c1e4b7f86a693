using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.Codex;

/// <summary>
/// One line of a Codex rollout (<c>{timestamp, type, payload}</c>) as a record or a dead letter. The line is first
/// read as any transcript line is (<see cref="TranscriptLineParser"/>: UTF-8, JSON, an object with a string
/// <c>type</c>, the raw line and its hash kept, the same dead letters); then its <c>payload</c> fills the typed
/// columns and content blocks. A rollout's line says nothing of its session, so the parser is made per file
/// (<see cref="CodexSource.ParserFor"/>) with the session id of its name. The payload is read as a DOM of one line,
/// bounded by <c>--max-line-bytes</c> like the line itself, with its unpaired surrogate escapes replaced as the
/// transcript parser replaces them (a cut emoji would otherwise throw when its string is read).
/// </summary>
public sealed class CodexLineParser(string? sessionId) : ILineParser
{
    public ParsedLine Parse(string fileId, in JsonlLine line, bool keepRaw, ILineShapeObserver? observer)
    {
        var parsed = TranscriptLineParser.Parse(fileId, line, keepRaw, observer: null);
        if (parsed.DeadLetter is { } dead) return new ParsedLine(null, dead with { Agent = Agent.Codex });
        var record = parsed.Record! with { Agent = Agent.Codex, SessionId = sessionId };
        try
        {
            using var document = JsonDocument.Parse(TranscriptLineParser.WithUnpairedSurrogatesReplaced(line.Bytes), new JsonDocumentOptions { MaxDepth = TranscriptLineParser.MaxJsonDepth });
            if (!document.RootElement.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
                return new ParsedLine(record, null);
            return new ParsedLine(CodexPayload.Fill(record, payload), null);
        }
        catch (JsonException)
        {
            // The line passed the transcript parser's walk; a payload this reader cannot take is kept as the bare record.
            return new ParsedLine(record, null);
        }
    }
}
