namespace Hindsight.Secrets;

/// <summary>A span of text that a <see cref="SecretPattern"/> recognised as a credential.</summary>
public readonly record struct SecretMatch(int Start, int Length, string PatternName)
{
    /// <summary>The offset just past the match.</summary>
    public int End => Start + Length;
}
