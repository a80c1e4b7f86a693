namespace Hindsight.Reports;

/// <summary>One deduplicated API call as the report reads it from <c>api_calls</c>.</summary>
public sealed record ApiCallUsage
{
    /// <summary>When the call was made; null when its line had no usable timestamp (such calls fit no period).</summary>
    public required DateTimeOffset? Timestamp { get; init; }

    public required string? Model { get; init; }

    /// <summary><c>usage.speed</c>; <c>fast</c> makes the reported model name <c>&lt;model&gt;-fast</c>, as in ccusage.</summary>
    public string? Speed { get; init; }

    public required string Project { get; init; }
    /// <summary>The agent whose files the call came from (<c>api_calls.agent</c>; <c>claude_code</c> before migration 19).</summary>
    public string Agent { get; init; } = "claude_code";

    /// <summary>The session derived from the file path (ccusage's session id).</summary>
    public required string FileSession { get; init; }

    public required UsageTokens Tokens { get; init; }

    /// <summary>USD; null when the model has no price.</summary>
    public required double? Cost { get; init; }

    /// <summary>Where the usage came from (<c>api_calls.usage_source</c>): <c>line</c>, <c>progress_copy</c> or <c>no_ids</c>.</summary>
    public string UsageSource { get; init; } = Stages.Clean.UsageSources.Line;

    /// <summary>Transcript lines merged into this call.</summary>
    public int Lines { get; init; } = 1;

    /// <summary>A subagent call whose output count is the start-of-response value.</summary>
    public bool OutputUnfinalized { get; init; }
}
