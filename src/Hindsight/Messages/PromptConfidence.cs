namespace Hindsight.Messages;

/// <summary>How sure stage 2 is that a person typed a text; ordered, so stage 4 can correct "this confidence or higher".</summary>
public enum PromptConfidence
{
    Low = 1,
    Medium = 2,
    High = 3,
}
