namespace Hindsight.Sources.GeminiCli;

/// <summary>The <c>type</c>s of a chat's records (records.type of a Gemini CLI record).</summary>
public static class GeminiRecordTypes
{
    /// <summary>What a person sent (or, with only function responses in its parts, a tool's answer).</summary>
    public const string User = "user";
    /// <summary>The model's turn: text, thoughts, tool calls with their results, and the turn's tokens.</summary>
    public const string Gemini = "gemini";
    /// <summary>A <c>.jsonl</c> chat's first line: the session's id, project hash and times (it has no type of its own).</summary>
    public const string SessionHeader = "session_header";
    /// <summary>A <c>.jsonl</c> chat's <c>{"$set": {...}}</c> line: the session's fields updated (e.g. lastUpdated).</summary>
    public const string MetadataUpdate = "metadata_update";
}
