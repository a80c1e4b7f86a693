using System.Text.Json;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>The parts of a stored record the classifier looks at.</summary>
public sealed record RecordToClassify
{
    public required string Type { get; init; }
    public string? Subtype { get; init; }
    /// <summary>The message's role (user, assistant, developer, tool), where the line has one.</summary>
    public string? Role { get; init; }
    public string? ParentUuid { get; init; }
    public bool IsSidechain { get; init; }
    public bool IsMeta { get; init; }
    public bool IsCompactSummary { get; init; }
    public bool IsApiErrorMessage { get; init; }
    public string? Model { get; init; }
    public string? OriginKind { get; init; }
    public string? Entrypoint { get; init; }
    /// <summary>turnOrigin of a user line (2.1.278+): human, sdk, peer, task_notification, scheduled.</summary>
    public string? TurnOrigin { get; init; }
    /// <summary>promptSource of a user line (2.1.219+): typed, sdk, system, queued, suggestion_accepted.</summary>
    public string? PromptSource { get; init; }
    /// <summary>The line's toolUseResult as JSON, read only for lines whose tool result may hold typed text (answers).</summary>
    public string? ToolUseResult { get; init; }
    /// <summary>True when other records of the same file carry origin.kind, so a prompt without it stands out.</summary>
    public bool FileUsesOrigin { get; init; }
    /// <summary>Block types in order, with the text of text and thinking blocks, and of tool results that may quote a person.</summary>
    public IReadOnlyList<(string Type, string? Text)> Blocks { get; init; } = [];

    /// <summary>
    /// What the classifier is given of a record as stage 1 reads it (its blocks already redacted): the same fields and
    /// block texts stage 2's SQL reads from a stored record (CleanSql's classification slice). <see cref="FileUsesOrigin"/>
    /// stays false: it depends on the whole file, and stage 2 applies it once the file is stored.
    /// </summary>
    public static RecordToClassify Of(TranscriptRecord record)
    {
        var blocks = new (string Type, string? Text)[record.Blocks.Count];
        bool quotesAnswers = false;
        for (int index = 0; index < blocks.Length; index++)
        {
            var block = record.Blocks[index];
            bool toolResult = block.BlockType == "tool_result" && block.Text is not null;
            quotesAnswers |= toolResult && ToolResultTypedText.QuotesAnswers(block.Text!);
            // Only the texts the classifier reads: tool results and inputs can be huge and are not classified by their text.
            string? text = block.BlockType is "text" or "thinking" || (toolResult && ToolResultTypedText.IsCandidate(block.Text!)) ? block.Text : null;
            blocks[index] = (block.BlockType, text);
        }
        return new RecordToClassify
        {
            Type = record.Type,
            Subtype = record.Subtype,
            Role = record.MessageRole,
            ParentUuid = record.ParentUuid,
            IsSidechain = record.IsSidechain ?? false,
            Model = record.MessageModel,
            IsMeta = record.IsMeta ?? false,
            IsCompactSummary = record.IsCompactSummary ?? false,
            IsApiErrorMessage = record.IsApiErrorMessage ?? false,
            OriginKind = record.OriginKind,
            Entrypoint = record.Entrypoint,
            TurnOrigin = record.TurnOrigin,
            PromptSource = record.PromptSource,
            ToolUseResult = quotesAnswers ? ToolUseResultOf(record.Raw) : null,
            Blocks = blocks,
        };
    }

    /// <summary>The line's toolUseResult as JSON text, or null (read only for the few lines that quote answers).</summary>
    private static string? ToolUseResultOf(byte[] raw)
    {
        if (raw.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("toolUseResult", out var result)
                ? result.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
