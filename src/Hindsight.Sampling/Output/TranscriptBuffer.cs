using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// Collects the lines of one file until the driver flushes them, counting every line as it ends. It also owns the
/// file's noise: malformed lines slipped in after planned content lines, and the partial last line. Noise is kept out
/// of <see cref="ContentLines"/>/<see cref="ContentBytes"/>, so content sized from those counters comes out the same
/// whether or not noise was added (a replayed session must repeat its original byte for byte).
/// </summary>
internal sealed class TranscriptBuffer : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Claude Code writes JSON.stringify output: '<', '>', '&' and non-ASCII text stay as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ByteBuffer _buffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly DeterministicRandom _noise;
    private readonly Queue<long> _malformedAfterLine;
    private int _lineStart;

    public TranscriptBuffer(DeterministicRandom noise, IEnumerable<long> malformedAfterContentLine)
    {
        _noise = noise;
        _malformedAfterLine = new Queue<long>(malformedAfterContentLine.Order());
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public CorpusCounters Counters { get; } = new();

    /// <summary>Lines written by conversation content (noise excluded).</summary>
    public long ContentLines { get; private set; }

    /// <summary>Bytes written by conversation content (noise excluded).</summary>
    public long ContentBytes { get; private set; }

    /// <summary>1-based number the next line will have in the file.</summary>
    public long NextLineNumber => Counters.Lines + 1;

    public int PendingBytes => _buffer.Count;

    public ReadOnlyMemory<byte> Pending => _buffer.Written;

    public void ClearPending() => _buffer.Clear();

    public Utf8JsonWriter Begin()
    {
        _lineStart = _buffer.Count;
        _json.Reset(_buffer);
        return _json;
    }

    /// <summary>Ends the line begun last; returns its length in bytes, newline included.</summary>
    public int End(string type)
    {
        _json.Flush();
        _buffer.WriteByte((byte)'\n');
        var length = _buffer.Count - _lineStart;
        Counters.Lines++;
        Counters.Bytes += length;
        Counters.CountType(type);
        ContentLines++;
        ContentBytes += length;
        while (_malformedAfterLine.TryPeek(out var due) && due <= ContentLines)
        {
            _malformedAfterLine.Dequeue();
            WriteMalformedLine();
        }
        return length;
    }

    /// <summary>Cuts the line begun last somewhere inside and leaves it without a newline, as a write in progress.</summary>
    public void EndAsPartialTail()
    {
        _json.Flush();
        var length = _buffer.Count - _lineStart;
        var cut = _lineStart + _noise.Next(Math.Max(2, length / 4), Math.Max(3, length - 2));
        // Cut before an ASCII byte so the tail is truncated JSON, not truncated UTF-8.
        while (cut > _lineStart + 1 && _buffer.WrittenSpan[cut] >= 0x80)
        {
            cut--;
        }
        _buffer.Truncate(cut);
        Counters.PartialTails++;
        Counters.Bytes += cut - _lineStart;
    }

    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }

    private void WriteMalformedLine()
    {
        var uuid = Ids.Uuid(_noise);
        var (reason, text) = _noise.PickWeighted([0.5, 0.15, 0.2, 0.15]) switch
        {
            0 => ("invalid_json", _noise.Next(3) switch
            {
                0 => $"{{\"parentUuid\":\"{uuid}\",\"isSidechain\":false,\"type\":\"assistant\",\"message\":{{\"role\":\"assistant\",\"content\":[{{\"type\":\"text\",\"text\":\"Let me check the",
                1 => $"{{\"type\":\"user\",\"uuid\":\"{uuid}\",\"message\":{{\"role\":\"user\",\"content\":\"run the tests\"}},}}",
                _ => $"{{\"type\":\"progress\",\"uuid\":\"{uuid}\",\"data\":{{\"type\":\"hook_progress\" \"hookEvent\":\"PostToolUse\"}}}}",
            }),
            1 => ("not_an_object", _noise.Next(3) switch
            {
                0 => $"[\"user\",\"{uuid}\"]",
                1 => "\"summary\"",
                _ => "42",
            }),
            2 => ("missing_type", $"{{\"uuid\":\"{uuid}\",\"timesstamp\":\"2026-02-01T10:00:00.000Z\",\"message\":{{\"role\":\"user\",\"content\":\"ok\"}}}}"),
            _ => ("invalid_utf8", string.Empty),
        };
        var start = _buffer.Count;
        if (reason == "invalid_utf8")
        {
            _buffer.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"user\",\"uuid\":\"{uuid}\",\"message\":{{\"role\":\"user\",\"content\":\"caf"));
            _buffer.Write([0xC3, 0x28, 0xA0]);
            _buffer.Write("\"}}"u8);
        }
        else
        {
            _buffer.Write(Encoding.UTF8.GetBytes(text));
        }
        _buffer.WriteByte((byte)'\n');
        Counters.Lines++;
        Counters.Bytes += _buffer.Count - start;
        Counters.CountMalformed(reason);
    }
}
