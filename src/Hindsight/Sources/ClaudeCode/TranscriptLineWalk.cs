using System.Buffers;
using System.Text.Json;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// One pass of <see cref="Utf8JsonReader"/> over a line: the fields a <see cref="TranscriptRecord"/> is made of are
/// kept as <see cref="JsonSlice"/>s, what nothing needs is skipped, and an <see cref="ILineShapeObserver"/> is shown
/// the keys it asks for on the way. Reading every token to the end validates the line as <c>JsonDocument.Parse</c>
/// did, with the same exception at the same place. Dispose returns the pooled buffers.
/// </summary>
internal ref struct TranscriptLineWalk
{
    private const int MaxPooledLength = 4096;

    private Utf8JsonReader _reader;
    private readonly ILineShapeObserver? _observer;
    private char[] _name;
    private BlockSlices[] _blocks;
    private PartSlices[] _parts;
    private int _blockCount;
    private int _partCount;

    public TranscriptLineFields Fields;

    public TranscriptLineWalk(ReadOnlySpan<byte> json, int maxDepth, ILineShapeObserver? observer)
    {
        _reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        _observer = observer;
        _name = ArrayPool<char>.Shared.Rent(128);
        _blocks = ArrayPool<BlockSlices>.Shared.Rent(16);
        _parts = ArrayPool<PartSlices>.Shared.Rent(16);
    }

    public readonly ReadOnlySpan<BlockSlices> Blocks => _blocks.AsSpan(0, _blockCount);
    public readonly ReadOnlySpan<PartSlices> Parts => _parts.AsSpan(0, _partCount);

    /// <summary>Walks the whole line; returns the token that opened it (an object is walked into <see cref="Fields"/>).</summary>
    public JsonTokenType Walk()
    {
        _reader.Read();
        var root = _reader.TokenType;
        if (root == JsonTokenType.StartObject)
        {
            _observer?.LineStarted();
            Root(_observer is not null);
        }
        else
        {
            _reader.Skip();
        }
        // Past the root value only whitespace may follow: anything else throws here, as it did in JsonDocument.Parse.
        _reader.Read();
        return root;
    }

    public void Dispose()
    {
        Release(_name);
        Release(_blocks);
        Release(_parts);
    }

    private void Root(bool observed)
    {
        ref var f = ref Fields;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(1, name);
            _reader.Read();
            switch (name)
            {
                case "type": f.Type = String(inside); break;
                case "subtype": f.Subtype = String(inside); break;
                case "operation": f.Operation = String(inside); break;
                case "uuid": f.Uuid = String(inside); break;
                case "parentUuid": f.ParentUuid = String(inside); break;
                case "logicalParentUuid": f.LogicalParentUuid = String(inside); break;
                case "sessionId": f.SessionId = String(inside); break;
                case "timestamp": f.Timestamp = String(inside); break;
                case "cwd": f.Cwd = String(inside); break;
                case "gitBranch": f.GitBranch = String(inside); break;
                case "version": f.Version = String(inside); break;
                case "agentId": f.AgentId = String(inside); break;
                case "userType": f.UserType = String(inside); break;
                case "requestId": f.RequestId = String(inside); break;
                case "entrypoint": f.Entrypoint = String(inside); break;
                case "turnOrigin": f.TurnOrigin = String(inside); break;
                case "promptSource": f.PromptSource = String(inside); break;
                case "isSidechain": f.IsSidechain = Bool(inside); break;
                case "isMeta": f.IsMeta = Bool(inside); break;
                case "isCompactSummary": f.IsCompactSummary = Bool(inside); break;
                case "isApiErrorMessage": f.IsApiErrorMessage = Bool(inside); break;
                case "truncatedAfterOutput": f.TruncatedAfterOutput = Bool(inside); break;
                case "effort": f.Effort = Scalar(inside); break;
                case "error": f.Error = Scalar(inside); break;
                case "costUSD": f.CostUsd = FiniteNumber(inside); break;
                case "origin": f.OriginKind = Origin(inside, out f.OriginIsObject); break;
                case "attachment": Attachment(inside); break;
                case "data": Data(inside); break;
                case "message": Message(inside); break;
                case "content": f.RootContent = Content(inside); break;
                default: Other(inside); break;
            }
        }
    }

    private void Attachment(bool observed)
    {
        ref var f = ref Fields;
        f.AttachmentType = f.AttachmentOriginKind = default;
        f.AttachmentPrompt = default;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "type": f.AttachmentType = String(inside); break;
                case "origin": f.AttachmentOriginKind = Origin(inside, out _); break;
                case "prompt": f.AttachmentPrompt = Content(inside); break;
                default: Other(inside); break;
            }
        }
    }

    private void Message(bool observed)
    {
        ref var f = ref Fields;
        f.MessageId = f.MessageRole = f.MessageModel = f.StopReason = default;
        f.MessageContent = default;
        ResetUsage();
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "id": f.MessageId = String(inside); break;
                case "role": f.MessageRole = String(inside); break;
                case "model": f.MessageModel = String(inside); break;
                case "stop_reason": f.StopReason = String(inside); break;
                case "usage": Usage(inside); break;
                case "content": f.MessageContent = Content(inside); break;
                default: Other(inside); break;
            }
        }
    }

    private void ResetUsage()
    {
        ref var f = ref Fields;
        f.UsageIsObject = false;
        f.InputTokens = f.OutputTokens = f.CacheCreationInputTokens = f.CacheReadInputTokens = f.CacheCreation5m = f.CacheCreation1h = null;
        f.Speed = default;
    }

    private void Usage(bool observed)
    {
        ref var f = ref Fields;
        ResetUsage();
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        f.UsageIsObject = true;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "input_tokens": f.InputTokens = Tokens(inside); break;
                case "output_tokens": f.OutputTokens = Tokens(inside); break;
                case "cache_creation_input_tokens": f.CacheCreationInputTokens = Tokens(inside); break;
                case "cache_read_input_tokens": f.CacheReadInputTokens = Tokens(inside); break;
                case "speed": f.Speed = String(inside); break;
                case "cache_creation": CacheCreation(inside); break;
                default: Other(inside); break;
            }
        }
    }

    private void CacheCreation(bool observed)
    {
        ref var f = ref Fields;
        f.CacheCreation5m = f.CacheCreation1h = null;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "ephemeral_5m_input_tokens": f.CacheCreation5m = Tokens(inside); break;
                case "ephemeral_1h_input_tokens": f.CacheCreation1h = Tokens(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>message.content, attachment.prompt or the root's content: a string, or an array of blocks.</summary>
    private ContentSlices Content(bool observed) => StringOrArray(observed, parts: false);

    private void Block(bool observed)
    {
        if (_blockCount == _blocks.Length) _blocks = Grown(_blocks);
        ref var block = ref _blocks[_blockCount++];
        block = default;
        if (_reader.TokenType == JsonTokenType.String)
        {
            block.Kind = ContentKind.String;
            block.Self = JsonSlice.StringAt(ref _reader);
            return;
        }
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            block.Kind = ContentKind.Other;
            block.Self = Raw(observed);
            return;
        }
        block.Kind = ContentKind.Object;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "type": block.Type = String(inside); break;
                case "text": block.Text = String(inside); break;
                case "thinking": block.Thinking = String(inside); break;
                case "name": block.Name = String(inside); break;
                case "id": block.Id = String(inside); break;
                case "tool_use_id": block.ToolUseId = String(inside); break;
                case "is_error": block.IsError = Bool(inside); break;
                case "input": block.Input = Raw(inside); break;
                case "content": block.Result = ToolResultContent(inside); break;
                case "source": (block.ImageData, block.ImageMediaType) = ImageSource(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>A tool_result's content: a string, or parts of which the text ones are kept.</summary>
    private ContentSlices ToolResultContent(bool observed) => StringOrArray(observed, parts: true);

    /// <summary>A string, or an array whose elements become blocks (or a tool result's parts), counted from where they start.</summary>
    private ContentSlices StringOrArray(bool observed, bool parts)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                return new ContentSlices { Kind = ContentKind.String, Text = JsonSlice.StringAt(ref _reader) };
            case JsonTokenType.StartArray:
                int first = parts ? _partCount : _blockCount, index = 0;
                while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
                {
                    bool element = observed && _observer!.Element(_reader.CurrentDepth, index++);
                    if (parts) Part(element); else Block(element);
                }
                return new ContentSlices { Kind = ContentKind.Array, First = first, Count = (parts ? _partCount : _blockCount) - first };
            default:
                Other(observed);
                return new ContentSlices { Kind = ContentKind.Other };
        }
    }

    private void Part(bool observed)
    {
        if (_partCount == _parts.Length) _parts = Grown(_parts);
        ref var part = ref _parts[_partCount++];
        part = default;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "type": part.Type = String(inside); break;
                case "text": part.Text = String(inside); break;
                default: Other(inside); break;
            }
        }
    }

    private (JsonSlice Data, JsonSlice MediaType) ImageSource(bool observed)
    {
        JsonSlice data = default, mediaType = default;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return (data, mediaType);
        }
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "data": data = String(inside); break;
                case "media_type": mediaType = String(inside); break;
                default: Other(inside); break;
            }
        }
        return (data, mediaType);
    }

    /// <summary>
    /// A line's <c>data</c>: its type (the last occurrence, like every field of the record) and, from the line's first
    /// <c>data</c> key only, the API call a progress line copies (<see cref="CopiedCallSlices"/>: first occurrences).
    /// </summary>
    private void Data(bool observed)
    {
        ref var f = ref Fields;
        bool copied = !f.DataSeen;
        f.DataSeen = true;
        f.DataType = default;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        int seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "type": f.DataType = String(inside); break;
                case "agentId" when copied && First(ref seen, 1): f.CopiedCall.AgentId = Extracted(inside); break;
                case "requestId" when copied && First(ref seen, 2): f.CopiedCall.RequestId = Extracted(inside); break;
                case "message" when copied && First(ref seen, 4): CopiedEnvelope(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>data.message: the copied call's envelope.</summary>
    private void CopiedEnvelope(bool observed)
    {
        ref var c = ref Fields.CopiedCall;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        int seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "requestId" when First(ref seen, 1): c.EnvelopeRequestId = Extracted(inside); break;
                case "timestamp" when First(ref seen, 2): c.EnvelopeTimestamp = Extracted(inside); break;
                case "message" when First(ref seen, 4): CopiedMessage(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>data.message.message: the copied API message.</summary>
    private void CopiedMessage(bool observed)
    {
        ref var c = ref Fields.CopiedCall;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        int seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "id" when First(ref seen, 1): c.MessageId = Extracted(inside); break;
                case "model" when First(ref seen, 2): c.Model = Extracted(inside); break;
                case "stop_reason" when First(ref seen, 4): c.StopReason = Extracted(inside); break;
                case "usage" when First(ref seen, 8): CopiedUsage(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>data.message.message.usage.</summary>
    private void CopiedUsage(bool observed)
    {
        ref var c = ref Fields.CopiedCall;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        c.UsageIsObject = true;
        int seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "input_tokens" when First(ref seen, 1): c.InputTokens = Extracted(inside); break;
                case "output_tokens" when First(ref seen, 2): c.OutputTokens = Extracted(inside); break;
                case "cache_creation_input_tokens" when First(ref seen, 4): c.CacheCreationInputTokens = Extracted(inside); break;
                case "cache_read_input_tokens" when First(ref seen, 8): c.CacheReadInputTokens = Extracted(inside); break;
                case "speed" when First(ref seen, 16): c.Speed = Extracted(inside); break;
                case "cache_creation" when First(ref seen, 32): CopiedSplit(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>data.message.message.usage.cache_creation: present of any type, and its 5m/1h counts when an object.</summary>
    private void CopiedSplit(bool observed)
    {
        ref var c = ref Fields.CopiedCall;
        c.HasCacheCreation = true;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return;
        }
        int seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name();
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
            _reader.Read();
            switch (name)
            {
                case "ephemeral_5m_input_tokens" when First(ref seen, 1): c.CacheCreation5m = Extracted(inside); break;
                case "ephemeral_1h_input_tokens" when First(ref seen, 2): c.CacheCreation1h = Extracted(inside); break;
                default: Other(inside); break;
            }
        }
    }

    /// <summary>Whether this is the first time the key numbered <paramref name="bit"/> is met in its object (DuckDB's JSON paths read the first).</summary>
    private static bool First(ref int seen, int bit)
    {
        if ((seen & bit) != 0) return false;
        seen |= bit;
        return true;
    }

    /// <summary>A value as DuckDB's <c>json_extract_string</c> gives it: a string unescaped, JSON null absent, anything else as JSON text.</summary>
    private JsonSlice Extracted(bool observed)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String: return JsonSlice.StringAt(ref _reader);
            case JsonTokenType.Null: return default;
            default: return Raw(observed);
        }
    }

    /// <summary>An origin object's kind; <paramref name="isObject"/> tells an origin without a kind from no origin.</summary>
    private JsonSlice Origin(bool observed, out bool isObject)
    {
        isObject = _reader.TokenType == JsonTokenType.StartObject;
        return Member("kind"u8, observed);
    }

    /// <summary>The string member <paramref name="wanted"/> of an object value; absent when the value is not an object.</summary>
    private JsonSlice Member(ReadOnlySpan<byte> wanted, bool observed)
    {
        JsonSlice found = default;
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Other(observed);
            return found;
        }
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            bool hit = _reader.ValueTextEquals(wanted);
            bool inside = observed && _observer!.Property(_reader.CurrentDepth, Name());
            _reader.Read();
            if (hit) found = String(inside);
            else Other(inside);
        }
        return found;
    }

    /// <summary>A field of no fixed type: a string, a number or boolean as written, or an object's type or message.</summary>
    private ScalarSlices Scalar(bool observed)
    {
        var scalar = new ScalarSlices();
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                scalar.Value = JsonSlice.StringAt(ref _reader);
                break;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                scalar.Value = new JsonSlice((int)_reader.TokenStartIndex, _reader.ValueSpan.Length, JsonSliceKind.Raw);
                break;
            case JsonTokenType.StartObject:
                scalar.IsObject = true;
                while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = Name();
                    bool inside = observed && _observer!.Property(_reader.CurrentDepth, name);
                    _reader.Read();
                    switch (name)
                    {
                        case "type": scalar.ObjectType = String(inside); break;
                        case "message": scalar.ObjectMessage = String(inside); break;
                        default: Other(inside); break;
                    }
                }
                break;
            default:
                Other(observed);
                break;
        }
        return scalar;
    }

    private JsonSlice String(bool observed)
    {
        if (_reader.TokenType == JsonTokenType.String) return JsonSlice.StringAt(ref _reader);
        Other(observed);
        return default;
    }

    private JsonSlice Raw(bool observed)
    {
        int start = (int)_reader.TokenStartIndex;
        Other(observed);
        return JsonSlice.RawFrom(start, ref _reader);
    }

    private bool? Bool(bool observed)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            default: Other(observed); return null;
        }
    }

    /// <summary>
    /// A token count, or null when it is not a whole number between 0 and <see cref="TranscriptLineParser.MaxTokenCount"/>:
    /// a count near 2^63 made stage 2's sums overflow and fail the run, and a negative one would subtract.
    /// </summary>
    private long? Tokens(bool observed)
    {
        if (_reader.TokenType == JsonTokenType.Number)
            return _reader.TryGetInt64(out var n) && n is >= 0 and <= TranscriptLineParser.MaxTokenCount ? n : null;
        Other(observed);
        return null;
    }

    private double? FiniteNumber(bool observed)
    {
        if (_reader.TokenType == JsonTokenType.Number)
            return _reader.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
        Other(observed);
        return null;
    }

    /// <summary>A value nothing reads: skipped, or walked only as deep as the observer asks.</summary>
    private void Other(bool observed)
    {
        if (!observed)
        {
            _reader.Skip();
            return;
        }
        if (_reader.TokenType == JsonTokenType.StartObject)
        {
            while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
            {
                bool inside = _observer!.Property(_reader.CurrentDepth, Name());
                _reader.Read();
                Other(inside);
            }
        }
        else if (_reader.TokenType == JsonTokenType.StartArray)
        {
            int index = 0;
            while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
            {
                Other(_observer!.Element(_reader.CurrentDepth, index++));
            }
        }
    }

    /// <summary>The current property name, unescaped; valid until the next call.</summary>
    private ReadOnlySpan<char> Name()
    {
        int most = _reader.ValueSpan.Length;
        if (_name.Length < most)
        {
            Release(_name);
            _name = ArrayPool<char>.Shared.Rent(most);
        }
        return _name.AsSpan(0, _reader.CopyString(_name));
    }

    private static T[] Grown<T>(T[] items)
    {
        var grown = ArrayPool<T>.Shared.Rent(items.Length * 2);
        items.CopyTo(grown, 0);
        Release(items);
        return grown;
    }

    /// <summary>
    /// Back to the pool, unless one hostile line (a long name, an array of millions of elements) made it large: the
    /// shared pool would keep it per thread, so it is left to the collector instead.
    /// </summary>
    private static void Release<T>(T[] items)
    {
        if (items.Length <= MaxPooledLength) ArrayPool<T>.Shared.Return(items);
    }
}
