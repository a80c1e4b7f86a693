namespace Hindsight.Sampling;

/// <summary>
/// A subagent with its own file. Its delegated prompt and final report are fixed at planning so that the parent's
/// Task/Agent call and the agent's own transcript agree without either being generated first.
/// </summary>
internal sealed class AgentPlan
{
    public required string AgentId { get; init; }
    public required SessionPlan Parent { get; init; }
    public required string Model { get; init; }
    public required string AgentType { get; init; }
    public required string Description { get; init; }
    public required string Prompt { get; init; }
    public required string Report { get; init; }
    public required string ToolUseId { get; init; }

    /// <summary>2.0.x start-up "Warmup" agent: one or two lines, never spawned by a tool call.</summary>
    public bool Warmup { get; init; }

    public required DateTimeOffset Start { get; init; }
    public FilePlan? File { get; set; }
}
