namespace Hindsight.Correction.Protocol;

/// <summary>
/// The outcome of parsing one answer: either a correction for exactly every id sent, or a batch-level
/// failure (malformed JSON, missing, extra or repeated ids) with its reason.
/// </summary>
public sealed class BatchParseResult
{
    private BatchParseResult(IReadOnlyDictionary<string, string>? corrections, string? failure)
    {
        Corrections = corrections ?? new Dictionary<string, string>();
        Failure = failure;
    }

    /// <summary>The corrected text per id; empty when the answer failed.</summary>
    public IReadOnlyDictionary<string, string> Corrections { get; }

    /// <summary>Why the answer as a whole is unusable, or null.</summary>
    public string? Failure { get; }

    /// <summary>True when <see cref="Corrections"/> holds exactly the ids sent.</summary>
    public bool Succeeded => Failure is null;

    internal static BatchParseResult Success(IReadOnlyDictionary<string, string> corrections) => new(corrections, null);

    internal static BatchParseResult Failed(string reason) => new(null, reason);
}
