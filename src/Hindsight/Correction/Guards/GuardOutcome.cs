namespace Hindsight.Correction.Guards;

/// <summary>What the guards concluded about one item of an answer.</summary>
public enum GuardOutcome
{
    /// <summary>The model changed the text and every guard passed.</summary>
    Corrected,
    /// <summary>The model returned the text as sent.</summary>
    Unchanged,
    /// <summary>A guard failed; the original text is kept.</summary>
    Rejected,
}
