using Hindsight.Messages;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// Who wrote each chat record. A person's prompt is a <c>user</c> message with text; a <c>user</c> message holding only
/// function responses is a tool's answer. A <c>gemini</c> message is the assistant's text, or, without text, its tool
/// calls or its thoughts. Gemini CLI's own <c>info</c>, <c>error</c> and <c>warning</c> lines are system lines; a
/// <c>.jsonl</c> chat's header and <c>$set</c> lines are metadata.
/// </summary>
public static class GeminiClassifier
{
    public static Classification Classify(RecordToClassify record)
    {
        var text = Joined(record, "text");
        switch (record.Type)
        {
            case GeminiRecordTypes.User:
                if (text.Length > 0) return new(MessageKind.HumanPrompt, text, PromptConfidence.High, "plain_text");
                return record.Blocks.Any(b => b.Type == "tool_result")
                    ? new(MessageKind.ToolResult, null)
                    : new(MessageKind.Meta, null, Reason: "empty_user_message");
            case GeminiRecordTypes.Gemini:
                if (text.Length > 0) return new(MessageKind.AssistantText, text);
                if (record.Blocks.Any(b => b.Type == "tool_use")) return new(MessageKind.ToolCall, null);
                var thinking = Joined(record, "thinking");
                return thinking.Length > 0 ? new(MessageKind.Thinking, thinking) : new(MessageKind.Meta, null, Reason: "empty_model_message");
            case GeminiRecordTypes.SessionHeader or GeminiRecordTypes.MetadataUpdate:
                return new(MessageKind.Metadata, null);
            default:
                return new(MessageKind.System, text.Length > 0 ? text : null);
        }
    }

    private static string Joined(RecordToClassify record, string blockType) =>
        TextNormalizer.Normalize(string.Join("\n", record.Blocks.Where(b => b.Type == blockType && b.Text is not null).Select(b => b.Text)));
}
