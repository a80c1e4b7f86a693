using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// The state of one streaming walk through a chat document (<c>{sessionId, projectHash, startTime, lastUpdated,
/// messages: [...]}</c>), carried between buffer refills: <see cref="Advance"/> reads as many complete units as the
/// buffer holds (a top-level field, the start or end of <c>messages</c>, one whole message) and reports each message's
/// byte range. A unit cut by the buffer's end is read again whole after the next refill, from the last complete one.
/// </summary>
internal sealed class GeminiDocumentWalk(GeminiMessageParser? header)
{
    private enum Phase { Root, Fields, Messages, Done }

    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = TranscriptLineParser.MaxJsonDepth });
    private Phase _phase = Phase.Root;

    /// <summary>True once the root object has closed: the rest of the file may only be whitespace.</summary>
    public bool Done => _phase == Phase.Done;

    /// <summary>
    /// Walks <paramref name="data"/> (file offset <paramref name="dataOffset"/>) and adds each complete message's range
    /// (relative to <paramref name="data"/>) to <paramref name="items"/>. Returns how many bytes were consumed: the walk
    /// resumes there.
    /// </summary>
    /// <exception cref="UnreadableDocumentException">The document is not JSON, not an object, or ends early.</exception>
    public int Advance(ReadOnlySpan<byte> data, bool isFinalBlock, long dataOffset, List<(int Start, int Length)> items)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        int checkpoint = 0;
        var checkpointState = _state;
        try
        {
            while (Step(ref reader, items))
            {
                checkpoint = (int)reader.BytesConsumed;
                checkpointState = reader.CurrentState;
            }
        }
        catch (JsonException ex)
        {
            throw new UnreadableDocumentException(dataOffset + checkpoint, ex.Message, ex);
        }
        _state = checkpointState;
        return checkpoint;
    }

    /// <summary>Reads one complete unit; false when the buffer ends inside it (nothing of it is kept).</summary>
    private bool Step(ref Utf8JsonReader reader, List<(int Start, int Length)> items)
    {
        if (!reader.Read()) return false;
        switch (_phase)
        {
            case Phase.Root:
                if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"a chat is a JSON object, not {reader.TokenType}");
                _phase = Phase.Fields;
                return true;
            case Phase.Fields:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _phase = Phase.Done;
                    return true;
                }
                bool isMessages = reader.ValueTextEquals("messages"u8);
                bool isSession = reader.ValueTextEquals("sessionId"u8);
                if (!reader.Read()) return false;
                if (isMessages && reader.TokenType == JsonTokenType.StartArray)
                {
                    _phase = Phase.Messages;
                    return true;
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) return reader.TrySkip();
                if (isSession && reader.TokenType == JsonTokenType.String) header?.SeeSessionId(SessionIdOf(ref reader));
                return true;
            case Phase.Messages:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = Phase.Fields;
                    return true;
                }
                int start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip()) return false;
                items.Add((start, (int)reader.BytesConsumed - start));
                return true;
            default:
                // Utf8JsonReader itself refuses anything but whitespace after the root value.
                return true;
        }
    }

    /// <summary>A session id that is not valid text (a lone surrogate escape, invalid UTF-8) is no session id.</summary>
    private static string? SessionIdOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
