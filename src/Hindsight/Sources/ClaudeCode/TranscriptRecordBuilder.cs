using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Makes the <see cref="TranscriptRecord"/> of a walked line from its <see cref="TranscriptLineFields"/>: which
/// discriminator is the subtype, where the content of each record type lives, what each block type keeps, the
/// cache-creation rule. Strings are made here, and only for what the record holds.
/// </summary>
internal readonly ref struct TranscriptRecordBuilder(ReadOnlySpan<byte> json, ReadOnlySpan<BlockSlices> blocks, ReadOnlySpan<PartSlices> parts)
{
    private readonly ReadOnlySpan<byte> _json = json;
    private readonly ReadOnlySpan<BlockSlices> _blocks = blocks;
    private readonly ReadOnlySpan<PartSlices> _parts = parts;

    public TranscriptRecord Build(string fileId, in JsonlLine line, string type, in TranscriptLineFields f, byte[] raw, bool keepText)
    {
        var uuid = Text(f.Uuid);
        var agentId = Text(f.AgentId);
        var timestamp = Time(f.Timestamp);
        // What stage 2 once derived from the raw line is read here, in the same walk; a counting pass (no raw line) skips it.
        bool kept = raw.Length > 0;
        return new()
        {
            FileId = fileId,
            LineNumber = line.LineNumber,
            ByteOffset = line.ByteOffset,
            Type = type,
            Subtype = Text(type switch
            {
                "attachment" => f.AttachmentType,
                "progress" => f.DataType,
                "queue-operation" => f.Operation,
                _ => f.Subtype,
            }),
            Uuid = uuid,
            ParentUuid = Text(f.ParentUuid),
            LogicalParentUuid = Text(f.LogicalParentUuid),
            SessionId = Text(f.SessionId),
            Timestamp = timestamp,
            Cwd = Text(f.Cwd),
            GitBranch = Text(f.GitBranch),
            Version = Text(f.Version),
            IsSidechain = f.IsSidechain,
            AgentId = agentId,
            UserType = Text(f.UserType),
            RequestId = Text(f.RequestId),
            MessageId = Text(f.MessageId),
            MessageRole = Text(f.MessageRole),
            MessageModel = Text(f.MessageModel),
            IsMeta = f.IsMeta,
            IsCompactSummary = f.IsCompactSummary,
            IsApiErrorMessage = f.IsApiErrorMessage,
            // An attachment without its own origin object carries it inside the attachment.
            OriginKind = Text(f.OriginIsObject || type != "attachment" ? f.OriginKind : f.AttachmentOriginKind),
            Entrypoint = Text(f.Entrypoint),
            TurnOrigin = Text(f.TurnOrigin),
            PromptSource = Text(f.PromptSource),
            Effort = Scalar(f.Effort),
            ApiError = Scalar(f.Error),
            TruncatedAfterOutput = f.TruncatedAfterOutput,
            StopReason = Text(f.StopReason),
            Usage = f.UsageIsObject ? Usage(f) : null,
            CostUsd = f.CostUsd,
            Raw = raw,
            // Steering text lives outside message.content: in queue-operation content and queued_command prompts.
            Blocks = Blocks(type switch
            {
                "queue-operation" => f.RootContent,
                "attachment" => f.AttachmentPrompt,
                _ => f.MessageContent,
            }, keepText),
            RawSha256 = kept && string.IsNullOrEmpty(uuid) ? Convert.ToHexStringLower(SHA256.HashData(raw)) : null,
            CopiedCall = kept && type == "progress" ? CopiedCallOf(f.CopiedCall, agentId, timestamp) : null,
        };
    }

    private string? Text(JsonSlice slice) => slice.ToText(_json);

    /// <summary>
    /// The call a progress line copies, by stage 2's rules as its SQL applied them: the line's text names
    /// <c>"usage"</c>, the copy has a message id and a usage object, and its model is not <c>&lt;synthetic&gt;</c>.
    /// </summary>
    private CopiedCall? CopiedCallOf(in CopiedCallSlices c, string? lineAgentId, DateTimeOffset? lineTimestamp)
    {
        if (!c.UsageIsObject || _json.IndexOf("\"usage\""u8) < 0) return null;
        var messageId = Text(c.MessageId);
        var model = Text(c.Model);
        if (string.IsNullOrEmpty(messageId) || model == "<synthetic>") return null;
        return new CopiedCall(
            messageId,
            Text(c.EnvelopeRequestId) ?? Text(c.RequestId),
            model,
            Text(c.AgentId) ?? lineAgentId,
            Time(c.EnvelopeTimestamp) ?? lineTimestamp,
            Count(c.InputTokens),
            Count(c.OutputTokens),
            Count(c.CacheCreation5m),
            Count(c.CacheCreation1h),
            c.HasCacheCreation ? 0 : Count(c.CacheCreationInputTokens),
            Count(c.CacheReadInputTokens),
            Text(c.Speed),
            Text(c.StopReason));
    }

    private long Count(JsonSlice slice) => DuckDbIntegerText.TryCast(Text(slice)) ?? 0;

    private string? Scalar(in ScalarSlices scalar) =>
        scalar.IsObject ? Text(scalar.ObjectType) ?? Text(scalar.ObjectMessage) : Text(scalar.Value);

    private DateTimeOffset? Time(JsonSlice slice)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        // A plain timestamp is parsed where it lies, without a string; an escaped one as its text.
        if (slice.Kind == JsonSliceKind.String && slice.Length <= 64)
        {
            Span<char> chars = stackalloc char[64];
            int length = Encoding.UTF8.GetChars(_json.Slice(slice.Start, slice.Length), chars);
            return DateTimeOffset.TryParse(chars[..length], CultureInfo.InvariantCulture, Utc, out var parsed) ? parsed : null;
        }
        return Text(slice) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out var time) ? time : null;
    }

    private TokenCounts Usage(in TranscriptLineFields f) => new(
        f.InputTokens,
        f.OutputTokens,
        CacheCreationTotal(f.CacheCreationInputTokens, f.CacheCreation5m, f.CacheCreation1h),
        f.CacheCreation5m,
        f.CacheCreation1h,
        f.CacheReadInputTokens,
        Text(f.Speed));

    /// <summary>
    /// The flat cache-creation count, or the nested 5m/1h split's sum when the flat field says 0 or is missing:
    /// before 2.1.152 Claude Code wrote <c>cache_creation_input_tokens: 0</c> when the API reported its writes only
    /// in the nested split (CHANGELOG 2.1.152), so the flat field alone undercounts those lines.
    /// </summary>
    private static long? CacheCreationTotal(long? flat, long? fiveMinutes, long? oneHour)
    {
        if (flat is > 0 || (fiveMinutes is null && oneHour is null)) return flat;
        long nested = (fiveMinutes ?? 0) + (oneHour ?? 0);
        return nested > 0 ? nested : flat;
    }

    private IReadOnlyList<TranscriptContentBlock> Blocks(in ContentSlices content, bool keepText)
    {
        if (content.Kind == ContentKind.String)
            return [new TranscriptContentBlock(0, "text", Text(content.Text), null, null, null, null, null, null)];
        if (content.Kind != ContentKind.Array) return [];

        var blocks = new TranscriptContentBlock[content.Count];
        for (int index = 0; index < blocks.Length; index++)
        {
            ref readonly var block = ref _blocks[content.First + index];
            blocks[index] = keepText ? BlockOf(index, block) : ShapeOf(index, block);
        }
        return blocks;
    }

    private TranscriptContentBlock BlockOf(int index, in BlockSlices block)
    {
        if (block.Kind == ContentKind.String)
            return new TranscriptContentBlock(index, "text", Text(block.Self), null, null, null, null, null, null);
        if (block.Kind != ContentKind.Object)
            return new TranscriptContentBlock(index, "unknown", Text(block.Self), null, null, null, null, null, null);

        var blockType = Text(block.Type) ?? "unknown";
        return blockType switch
        {
            "text" => new(index, blockType, Text(block.Text), null, null, null, null, null, null),
            "thinking" => new(index, blockType, Text(block.Thinking), null, null, null, null, null, null),
            "redacted_thinking" => new(index, blockType, null, null, null, null, null, null, null),
            "tool_use" or "server_tool_use" => new(index, blockType, null, Text(block.Name), Text(block.Id), Text(block.Input), null, null, null),
            "tool_result" => new(index, blockType, ToolResultText(block.Result), null, Text(block.ToolUseId), null, block.IsError, null, null),
            "image" => new(index, blockType, null, null, null, null, null, Text(block.ImageMediaType), ImageBytes(block.ImageData)),
            _ when blockType.EndsWith("_tool_result", StringComparison.Ordinal) =>
                new(index, blockType, null, null, Text(block.ToolUseId), null, block.IsError, null, null),
            _ => new(index, blockType, Text(block.Text), null, null, null, null, null, null),
        };
    }

    /// <summary>Type and tool name only: what discovery counts, without materialising texts.</summary>
    private TranscriptContentBlock ShapeOf(int index, in BlockSlices block)
    {
        if (block.Kind != ContentKind.Object)
            return new TranscriptContentBlock(index, block.Kind == ContentKind.String ? "text" : "unknown", null, null, null, null, null, null, null);
        var blockType = Text(block.Type) ?? "unknown";
        var toolName = blockType is "tool_use" or "server_tool_use" ? Text(block.Name) : null;
        return new TranscriptContentBlock(index, blockType, null, toolName, null, null, null, null, null);
    }

    /// <summary>The decoded size of base64 data: three bytes per four characters, less the padding.</summary>
    private long? ImageBytes(JsonSlice data)
    {
        if (!data.IsPresent) return null;
        var (chars, padding) = data.Base64Shape(_json);
        return chars * 3 / 4 - padding;
    }

    /// <summary>tool_result content is a string or a list of text/image blocks; the text parts are joined.</summary>
    private string? ToolResultText(in ContentSlices content)
    {
        if (content.Kind == ContentKind.String) return Text(content.Text);
        if (content.Kind != ContentKind.Array) return null;
        StringBuilder? text = null;
        foreach (ref readonly var part in _parts.Slice(content.First, content.Count))
        {
            if (part.Type.IsString(_json, "text"u8) && Text(part.Text) is { } t)
            {
                if (text is null) text = new StringBuilder(t);
                else text.Append('\n').Append(t);
            }
        }
        return text?.ToString();
    }
}
