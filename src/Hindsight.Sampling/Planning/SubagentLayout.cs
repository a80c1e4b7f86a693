namespace Hindsight.Sampling;

/// <summary>Where a version writes its subagents' lines.</summary>
internal enum SubagentLayout
{
    /// <summary>1.0.x: sidechain lines inside the main session file.</summary>
    Inline,

    /// <summary>2.0.x: <c>agent-&lt;8hex&gt;.jsonl</c> next to the session files.</summary>
    Flat,

    /// <summary>2.1.2+: <c>&lt;session&gt;/subagents/agent-&lt;id&gt;.jsonl</c>.</summary>
    Nested,
}
