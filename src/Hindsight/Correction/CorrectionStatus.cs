namespace Hindsight.Correction;

/// <summary>The one final status every target ends with.</summary>
public enum CorrectionStatus
{
    /// <summary>The model fixed something and every guard passed; the corrected text replaces the original.</summary>
    Corrected,
    /// <summary>Nothing to fix (the model returned the text as sent, or the text holds no words).</summary>
    Unchanged,
    /// <summary>A guard refused the answer; the original text is kept and the reason says which guard.</summary>
    Rejected,
    /// <summary>No usable answer could be obtained; the original text is kept and the reason holds the error. Retried by the next run.</summary>
    Failed,
    /// <summary>Not sent (no provider, too long, cost limit); the original text is kept and the reason says why. Retried by the next run.</summary>
    Skipped,
}
