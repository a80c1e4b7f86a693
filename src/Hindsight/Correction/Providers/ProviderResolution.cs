namespace Hindsight.Correction.Providers;

/// <summary>The provider chosen and, for --debug, where each of its values came from (never the key itself).</summary>
/// <param name="Settings">The settings to run with.</param>
/// <param name="Sources">Lines such as "provider: gemini (GEMINI_API_KEY is set)".</param>
public sealed record ProviderResolution(ProviderSettings Settings, IReadOnlyList<string> Sources)
{
    /// <summary>Where the choice of provider came from: <c>flag</c> (--provider), <c>environment</c> (a key variable),
    /// <c>key-file</c> (--key-file), <c>fallback</c> (an Ollama server found on localhost) or <c>none</c>.</summary>
    public string Origin { get; init; } = "flag";

    /// <summary>One sentence for the console, said before the first request: which provider and model, and why.</summary>
    public string Announcement => Settings.Kind == ProviderKind.None
        ? $"no provider ({Origin}): prompts are kept as typed"
        : Origin == "fallback"
            ? $"sending prompts to the local Ollama server at {Settings.BaseUrl}, model {Settings.Model} (fallback: no provider and no key are set; --no-local-fallback turns this off)"
            : $"sending prompts to {Settings.Name} at {Settings.BaseUrl}, model {Settings.Model} (chosen by {Origin switch { "flag" => "--provider", "key-file" => "--key-file", _ => "a key in the environment" }})";
}
