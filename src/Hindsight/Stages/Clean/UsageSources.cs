namespace Hindsight.Stages.Clean;

/// <summary>Where an API call's usage was read from (<c>api_calls.usage_source</c>).</summary>
public static class UsageSources
{
    /// <summary>An assistant line that carries message.id or requestId (or both): deduplicated by ccusage's key.</summary>
    public const string Line = "line";

    /// <summary>
    /// A subagent's call known only from the copy its parent's <c>progress</c> record embeds
    /// (<c>data.message.message.usage</c>): the subagent's own file is missing or lacks the line.
    /// </summary>
    public const string ProgressCopy = "progress_copy";

    /// <summary>An assistant line with neither message.id nor requestId: it cannot be deduplicated reliably.</summary>
    public const string NoIds = "no_ids";
}
