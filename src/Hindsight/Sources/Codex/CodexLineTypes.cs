namespace Hindsight.Sources.Codex;

/// <summary>The top-level <c>type</c>s of a rollout line (records.type of a Codex record).</summary>
public static class CodexLineTypes
{
    public const string SessionMeta = "session_meta";
    public const string TurnContext = "turn_context";
    public const string ResponseItem = "response_item";
    public const string EventMsg = "event_msg";
    public const string Compacted = "compacted";
}
