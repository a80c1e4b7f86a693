namespace Hindsight.Sampling;

/// <summary>A main session: its identity, version, model, and what it links to (agents it spawns, the session it resumes).</summary>
internal sealed class SessionPlan
{
    public required string SessionId { get; init; }
    public required ProjectPlan Project { get; init; }
    public required ClaudeVersion Version { get; init; }
    public required string Model { get; init; }
    public required DateTimeOffset Start { get; set; }
    public required string GitBranch { get; init; }
    public string? Slug { get; init; }

    /// <summary>Written through a gateway that drops <c>requestId</c> from assistant lines.</summary>
    public bool Gateway { get; set; }

    public bool IsGiant { get; init; }

    /// <summary>
    /// The first session of its era shows each rare feature of its version at least once (an image, steering, an
    /// API error line, a 1.0.x inline sidechain, a compaction), so that even a small corpus holds every kind.
    /// </summary>
    public bool Showcase { get; init; }
    public List<AgentPlan> SpawnedAgents { get; } = [];

    /// <summary>The earlier session whose first <see cref="ReplayTurns"/> turns this one replays at its start.</summary>
    public SessionPlan? ResumeOf { get; set; }

    public int ReplayTurns { get; set; }
    public FilePlan? File { get; set; }

    /// <summary>Line weight drawn at planning, turned into the file's line target.</summary>
    public double Weight { get; set; }
}
