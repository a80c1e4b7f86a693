namespace Hindsight.Stages.Discover;

/// <summary>What discovery's verdict does to the run: the reason it halts, or the warning it goes on with.</summary>
public sealed record VerdictConsequence(string? HaltReason, string? RunWarning)
{
    public static VerdictConsequence None { get; } = new(null, null);
}
