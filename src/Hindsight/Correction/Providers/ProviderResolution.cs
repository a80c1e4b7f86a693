namespace Hindsight.Correction.Providers;

/// <summary>The provider chosen and, for --debug, where each of its values came from (never the key itself).</summary>
/// <param name="Settings">The settings to run with.</param>
/// <param name="Sources">Lines such as "provider: gemini (GEMINI_API_KEY is set)".</param>
public sealed record ProviderResolution(ProviderSettings Settings, IReadOnlyList<string> Sources);
