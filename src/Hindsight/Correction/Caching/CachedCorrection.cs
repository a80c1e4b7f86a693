namespace Hindsight.Correction.Caching;

/// <summary>
/// A settled answer for one protected text. It stores the corrected text with its placeholders in place, never the
/// restored text: two prompts that differ only in a protected span (another URL, another secret) share the entry,
/// and the cache never holds what protection withheld.
/// </summary>
/// <param name="Key">The <see cref="CorrectionCacheKey"/> of provider, model, prompt version and protected text.</param>
/// <param name="Status">Corrected, unchanged or rejected.</param>
/// <param name="CorrectedProtectedText">The model's text with placeholders (equal to the sent text unless corrected).</param>
/// <param name="Reason">The guard's reason for a rejection.</param>
/// <param name="Provider">The provider name.</param>
/// <param name="Model">The model.</param>
/// <param name="PromptVersion">The prompt version.</param>
public sealed record CachedCorrection(
    string Key,
    CorrectionStatus Status,
    string CorrectedProtectedText,
    string? Reason,
    string Provider,
    string Model,
    string PromptVersion);
